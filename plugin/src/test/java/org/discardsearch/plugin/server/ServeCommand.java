package org.discardsearch.plugin.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.discardsearch.archives.data.FashionMnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./discard-search serve}: a real DJL Serving on 127.0.0.1 with the plugin and every archive of the
 * distribution's {@code models/}, until Ctrl-C. It writes a few Fashion-MNIST test images beside the
 * distribution and prints the URLs and working {@code curl} commands for a prediction, an A/B request and the
 * A/B report.
 */
@Command(name = "serve", description = "Starts DJL Serving 0.36.0 on 127.0.0.1"
        + " with the discard-search plugin and the committed archives, and serves until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int port;

    @Mixin
    private DistributionOptions build = new DistributionOptions();

    @Spec
    private CommandSpec spec;

    private ServeCommand() {
    }

    /**
     * Serves.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "Invalid value '" + port + "' for option '--port';"
                    + " allowed: an integer in [1, 65535]");
        }
        Path dist = build.dist;
        List<Path> archives = archives(dist);
        if (archives.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "No archive in " + dist.resolve("models")
                    + ": build with ./discard-search serve");
        }
        DjlServing.Builder builder = build.serverBuilder().optPort(port).optInheritConsole(true);
        archives.forEach(a -> builder.optStoreEntry(a.getFileName().toString(), a));
        List<Path> samples = writeSamples(dist.getParent().resolve("samples"));
        DjlServing server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                System.err.println("Could not remove the server's home: " + e.getMessage());
            }
        }));
        printUsage(server, archives, samples);
        return server.awaitExit();
    }

    private static List<Path> archives(Path dist) throws IOException {
        try (Stream<Path> children = Files.list(dist.resolve("models"))) {
            return children.filter(p -> Files.isRegularFile(p.resolve("serving.properties"))).sorted().toList();
        }
    }

    /** Writes the first test images of Fashion-MNIST as PNG files named after their class. */
    private static List<Path> writeSamples(Path folder) throws IOException {
        FashionImages images = FashionImages.firstTestImages(3);
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < images.pngs().size(); i++) {
            String label = FashionMnist.CLASS_NAMES.get(images.labels()[i]).toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z]+", "-");
            Path file = folder.resolve("test-" + i + "-" + label + ".png");
            Files.write(file, images.pngs().get(i));
            files.add(file);
        }
        return files;
    }

    private static void printUsage(DjlServing server, List<Path> archives, List<Path> samples) {
        String base = server.base().toString().replaceAll("/$", "");
        String model = ServingHome.servedName(archives.get(Math.min(1, archives.size() - 1)).getFileName().toString());
        Path cwd = Paths.get("").toAbsolutePath();
        String image = cwd.relativize(samples.get(0).toAbsolutePath()).toString();
        System.out.println();
        System.out.println("discard-search: DJL Serving 0.36.0 with the plugin at " + base + " (Ctrl-C stops it)");
        System.out.println("  models: " + archives.stream().map(a -> ServingHome.servedName(a.getFileName().toString()))
                .toList() + "   " + base + "/models");
        System.out.println("  plugin: " + base + "/discard-search/models");
        System.out.println("  sample images: " + cwd.relativize(samples.get(0).getParent().toAbsolutePath()));
        System.out.println();
        System.out.println("  curl -X POST " + base + "/predictions/" + model
                + " -H 'Content-Type: image/png' --data-binary @" + image);
        System.out.println("  curl -X POST " + base + "/predictions/" + model
                + " -H 'Content-Type: image/png' -H 'X-Discard-Search-Budget: 1' --data-binary @" + image);
        System.out.println("  curl -X POST " + base + "/discard-search/ab/" + model
                + " -H 'Content-Type: image/png' -H 'X-Discard-Search-Shadow: true' --data-binary @" + image);
        System.out.println("  curl " + base + "/discard-search/ab/" + model + "/report");
        System.out.println();
    }
}
