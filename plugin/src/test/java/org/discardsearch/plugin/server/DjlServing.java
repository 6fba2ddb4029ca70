package org.discardsearch.plugin.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.discardsearch.plugin.dist.FileTrees;

/**
 * A real DJL Serving ({@code ai.djl.serving.ModelServer}) in a child JVM, over a {@link ServingHome} laid out
 * from the plugin's distribution. The child's class path is the server's and the engine's jars only (the file
 * the build writes to {@code plugin/target/server.classpath}); our jars reach it the way they reach a user's
 * server, through {@code plugins/} and {@code deps/}. It binds one loopback address, runs offline, and is
 * stopped, with its home deleted, by {@link #close()}.
 */
public final class DjlServing implements AutoCloseable {

    /** The system property that names the server class path file, set by the build for the tests. */
    public static final String CLASSPATH_PROPERTY = "server.classpath";

    /** The system property that names the plugin's distribution folder, set by the build for the tests. */
    public static final String DIST_PROPERTY = "dist.dir";

    private static final String MAIN_CLASS = "ai.djl.serving.ModelServer";

    /** Loading libtorch and the store's models takes seconds here; a loaded machine, more. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Process process;
    private final ServingHome home;
    private final URI base;
    private final Path console;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private DjlServing(Process process, ServingHome home, URI base, Path console) {
        this.process = process;
        this.home = home;
        this.base = base;
        this.console = console;
    }

    /**
     * Returns a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the address of a path on the server.
     *
     * @param pathAndQuery the path, with its query if any, e.g. {@code /ping}
     * @return the address
     */
    public URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    /**
     * Returns the server's base address, e.g. {@code http://127.0.0.1:8080/}.
     *
     * @return the address
     */
    public URI base() {
        return base;
    }

    /**
     * Sends a request.
     *
     * @param method the HTTP method
     * @param pathAndQuery the path and query
     * @param headers request headers
     * @param body the body; empty for none
     * @return the answer, its body as text
     * @throws IOException if the exchange fails
     * @throws InterruptedException if interrupted while waiting
     */
    public HttpResponse<String> send(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofMinutes(2))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Sends a GET.
     *
     * @param pathAndQuery the path and query
     * @return the answer
     * @throws IOException if the exchange fails
     * @throws InterruptedException if interrupted while waiting
     */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, Map.of(), new byte[0]);
    }

    /**
     * Returns what the server has printed so far (its log goes to the console).
     *
     * @return the text
     * @throws IOException if the log cannot be read
     */
    public String log() throws IOException {
        return Files.readString(console, StandardCharsets.UTF_8);
    }

    /** Stops the server (as Ctrl-C would, then forcibly after 30 s) and deletes its home. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        FileTrees.delete(home.root());
    }

    /** Finds a free loopback port; the server binds it a moment later. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Builds and starts a server: {@code set*} for what it needs, {@code opt*} for the rest. */
    public static final class Builder {

        private Path dist;
        private Path classpathFile;
        private int port;
        private final Map<String, Path> store = new LinkedHashMap<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private boolean inheritConsole;

        private Builder() {
        }

        /**
         * Takes the distribution and the class path file from the system properties the build sets.
         *
         * @return this builder
         */
        public Builder fromBuild() {
            return setDist(Paths.get(System.getProperty(DIST_PROPERTY)))
                    .setClasspathFile(Paths.get(System.getProperty(CLASSPATH_PROPERTY)));
        }

        /**
         * Sets the plugin's distribution, whose {@code plugins/} and {@code deps/} the server gets.
         *
         * @param dist the folder, e.g. {@code plugin/target/dist}
         * @return this builder
         */
        public Builder setDist(Path dist) {
            this.dist = dist;
            return this;
        }

        /**
         * Sets the file that holds the server's class path.
         *
         * @param classpathFile the file, e.g. {@code plugin/target/server.classpath}
         * @return this builder
         */
        public Builder setClasspathFile(Path classpathFile) {
            this.classpathFile = classpathFile;
            return this;
        }

        /**
         * Sets the port on 127.0.0.1; by default a free one.
         *
         * @param port the port
         * @return this builder
         */
        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        /**
         * Adds a folder (an archive, or a folder with a {@code workflow.json}) to the model store.
         *
         * @param folderName the folder's name in the store, from which the server derives the model's name
         * @param folder the folder to copy
         * @return this builder
         */
        public Builder optStoreEntry(String folderName, Path folder) {
            store.put(folderName, folder);
            return this;
        }

        /**
         * Sets a server configuration key.
         *
         * @param key a key of DJL Serving's {@code config.properties}
         * @param value its value
         * @return this builder
         */
        public Builder optConfig(String key, String value) {
            config.put(key, value);
            return this;
        }

        /**
         * Sends the server's console to this process's own, instead of only to a file.
         *
         * @param inherit whether to
         * @return this builder
         */
        public Builder optInheritConsole(boolean inherit) {
            this.inheritConsole = inherit;
            return this;
        }

        /**
         * Lays out the home, starts the server and waits until {@code /ping} answers, which DJL Serving does
         * once the models of the store are loaded.
         *
         * @return the running server
         * @throws IOException if the home cannot be laid out, or the server exits or does not answer in time;
         *     the message holds the end of its log
         * @throws InterruptedException if interrupted while waiting
         */
        public DjlServing start() throws IOException, InterruptedException {
            DjlServing server = launch();
            try {
                server.awaitPing(START_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }

        /**
         * Lays out the home and starts the server without waiting for it: for a store the server is expected
         * to refuse ({@link DjlServing#awaitExit(Duration)}).
         *
         * @return the started process
         * @throws IOException if the home cannot be laid out or the JVM not started
         */
        public DjlServing launch() throws IOException {
            Objects.requireNonNull(dist, "dist");
            Objects.requireNonNull(classpathFile, "classpathFile");
            Path root = Files.createTempDirectory("djl-serving-");
            int chosenPort = port == 0 ? freePort() : port;
            ServingHome laidOut = ServingHome.layOut(root, dist, store, chosenPort, config);
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Dai.djl.offline=true");
            String cache = System.getProperty("DJL_CACHE_DIR");
            if (cache != null) {
                command.add("-DDJL_CACHE_DIR=" + cache);
            }
            command.add("-cp");
            command.add(Files.readString(classpathFile, StandardCharsets.UTF_8).strip());
            command.add(MAIN_CLASS);
            Path console = root.resolve("console.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            builder.environment().put("MODEL_SERVER_HOME", root.toString());
            if (inheritConsole) {
                builder.inheritIO();
                Files.createFile(console);
            } else {
                builder.redirectOutput(console.toFile());
            }
            return new DjlServing(builder.start(), laidOut,
                    URI.create("http://127.0.0.1:" + chosenPort + "/"), console);
        }
    }

    private void awaitPing(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("DJL Serving exited with status " + process.exitValue() + " before answering"
                        + " /ping; its log ends:\n" + tail());
            }
            try {
                if (get("/ping").statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet: DJL Serving binds its port after the store's models are loaded
            }
            Thread.sleep(250);
        }
        throw new IOException("DJL Serving did not answer /ping within " + timeout + "; its log ends:\n" + tail());
    }

    private String tail() throws IOException {
        if (!Files.exists(console)) {
            return "(no console output)";
        }
        String log = log();
        return log.substring(Math.max(0, log.length() - 4000));
    }

    /**
     * Waits for the server process to end, however long it runs.
     *
     * @return its exit status
     * @throws InterruptedException if interrupted while waiting
     */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Waits for the server process to end, as when a model of the store fails at start-up.
     *
     * @param timeout how long to wait
     * @return its exit status
     * @throws IOException if it still runs after the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("DJL Serving still runs after " + timeout);
        }
        return process.exitValue();
    }
}
