package org.discardsearch.plugin.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.discardsearch.archives.data.FashionMnist;

/**
 * {@code plugin/run serve}: a real DJL Serving on 127.0.0.1 with the plugin and every archive of the
 * distribution's {@code models/}, until Ctrl-C. It writes a few Fashion-MNIST test images beside the
 * distribution and prints the URLs and working {@code curl} commands for a prediction, an A/B request and the
 * A/B report.
 */
public final class ServeCommand {

    static final String USAGE = """
            Usage: plugin/run serve [--port N]
              Starts DJL Serving 0.36.0 on 127.0.0.1 (port 8080 by default) with the discard-search plugin and
              the committed archives, and serves until Ctrl-C.""";

    private ServeCommand() {
    }

    /**
     * Serves.
     *
     * @param args {@code --port N}; {@code --dist DIR} and {@code --classpath-file FILE} are set by the script
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(args, USAGE);
        int port = line.port(8080);
        Path dist = line.dist();
        List<Path> archives = archives(dist);
        if (archives.isEmpty()) {
            throw new IllegalStateException("No archive in " + dist.resolve("models") + ": build with plugin/run");
        }
        DjlServing.Builder builder = DjlServing.builder().setDist(dist).setClasspathFile(line.classpathFile())
                .optPort(port).optInheritConsole(true);
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
        System.exit(server.awaitExit());
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
