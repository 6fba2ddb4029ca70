package org.discardsearch.kafka.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.discardsearch.kafka.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM, on loopback
 * with ephemeral ports and a temporary folder. For the main job, the benchmark and the integration tests; a
 * production deployment points the consumer at a real cluster instead.
 *
 * <p>{@link #start(Map)} returns once the broker serves requests. {@link #close()} stops it and deletes its
 * folder; a JVM shutdown hook deletes the folder too if {@code close()} is never reached. Topics are not
 * created automatically ({@code auto.create.topics.enable=false}), so that no topic comes into existence in the
 * middle of a send (KAFKA-15591, docs/kafka.md §3); create them with {@link Topics}.
 *
 * <p>Uses Kafka's internal server classes ({@code KafkaRaftServer}, {@code StorageTool}), which are pinned to
 * one Kafka version in the parent POM. Not thread-safe: start and close it from one thread.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";

    private final Path directory;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Thread cleanup;
    private boolean closed;

    private EmbeddedKafkaBroker(Path directory, KafkaRaftServer server, String bootstrapServers) {
        this.directory = directory;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.cleanup = new Thread(() -> deleteRecursively(directory), "embedded-kafka-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Starts a broker with the default settings.
     *
     * @return the running broker
     * @throws IOException if the folder cannot be made or the storage cannot be formatted
     */
    public static EmbeddedKafkaBroker start() throws IOException {
        return start(Map.of());
    }

    /**
     * Starts a broker, with extra broker settings laid over the defaults (for example
     * {@code message.max.bytes}). The ports are picked free by binding port 0; a start that loses the race
     * for a port is retried once with new ports.
     *
     * @param overrides broker settings that replace or add to the defaults
     * @return the running broker
     * @throws IOException if the folder cannot be made or the storage cannot be formatted
     */
    public static EmbeddedKafkaBroker start(Map<String, String> overrides) throws IOException {
        try {
            return startOnce(overrides);
        } catch (RuntimeException e) {
            logger.warn("Embedded Kafka broker failed to start ({}); retrying once with new ports", e.toString());
            return startOnce(overrides);
        }
    }

    private static EmbeddedKafkaBroker startOnce(Map<String, String> overrides) throws IOException {
        long begin = System.nanoTime();
        Path directory = Files.createTempDirectory("discard-kafka-");
        try {
            int port = freePort();
            int controllerPort = freePort();
            Properties props = brokerProperties(directory, port, controllerPort);
            props.putAll(overrides);
            Path config = directory.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "embedded discard-search broker");
            }
            format(config);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = HOST + ":" + port;
            logger.info("Embedded Kafka broker started at {} in {} ms (folder {})", bootstrap,
                    (System.nanoTime() - begin) / 1_000_000, directory);
            return new EmbeddedKafkaBroker(directory, server, bootstrap);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    private static Properties brokerProperties(Path directory, int port, int controllerPort) {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":"
                + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", directory.resolve("data").toString());
        // One broker: the internal topics must have one replica, or consumer groups and transactions never work.
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        props.setProperty("auto.create.topics.enable", "false");
        return props;
    }

    private static void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()}, print);
        }
        if (code != 0) {
            throw new IllegalStateException("Formatting the embedded broker's storage failed with exit code " + code
                    + ": " + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /**
     * Returns the address clients connect to.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Returns the broker's temporary folder, deleted on {@link #close()}.
     *
     * @return the folder
     */
    public Path directory() {
        return directory;
    }

    /** Stops the broker, waits for it, and deletes its folder. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            deleteRecursively(directory);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook runs and finds nothing left to delete.
            }
        }
        logger.info("Embedded Kafka broker at {} stopped in {} ms", bootstrapServers,
                (System.nanoTime() - begin) / 1_000_000);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            logger.warn("Could not delete the embedded broker's folder {}: {}", root, e.toString());
        }
    }
}
