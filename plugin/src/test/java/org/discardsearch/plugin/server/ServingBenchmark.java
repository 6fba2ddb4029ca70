package org.discardsearch.plugin.server;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.discardsearch.stats.LatencySummary;

/**
 * {@code plugin/run bench}: latency and throughput of a real DJL Serving with the plugin, one archive, from
 * HTTP clients on the same machine. Cells: {@code /predictions} at budget 1 and at the archive's budget, and the
 * plugin's forced-vanilla arm (which runs the same model at budget 1), each with 1 and with 8 concurrent
 * clients. Rounds interleave the cells so that they share the machine's state; the table is printed at the
 * end, with the plugin's p99 against direct {@code /predictions} at budget 1.
 */
public final class ServingBenchmark {

    static final String USAGE = """
            Usage: plugin/run bench [--model ARCHIVE] [--requests N] [--rounds N]
              ARCHIVE: a folder name under the distribution's models/ (default compact-resnet-w16-s1)
              N: requests per cell and round (default 200); rounds (default 4)""";

    private static final int WARM_UP = 50;

    private ServingBenchmark() {
    }

    /** One measured configuration. */
    private record Cell(String endpoint, String budget, int clients, String path, Map<String, String> headers) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@link #USAGE}
     * @throws Exception if the server cannot start or a request fails
     */
    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(args, USAGE);
        String archive = line.text("--model", "compact-resnet-w16-s1");
        int requests = line.integer("--requests", 200, 1, 100_000);
        int rounds = line.integer("--rounds", 4, 1, 100);
        Path folder = line.dist().resolve("models").resolve(archive);
        String budget = budget(folder);
        String model = ServingHome.servedName(archive);
        FashionImages images = FashionImages.firstTestImages(64);

        List<Cell> cells = new ArrayList<>();
        for (int clients : new int[] {1, 8}) {
            cells.add(new Cell("/predictions", "1", clients, "/predictions/" + model,
                    Map.of("Content-Type", "image/png", "X-Discard-Search-Budget", "1")));
            cells.add(new Cell("plugin, forced vanilla", "1", clients, "/discard-search/ab/" + model,
                    Map.of("Content-Type", "image/png", "X-Discard-Search-Arm", "vanilla")));
            cells.add(new Cell("/predictions", budget, clients, "/predictions/" + model,
                    Map.of("Content-Type", "image/png")));
        }
        try (DjlServing server = DjlServing.builder().setDist(line.dist()).setClasspathFile(line.classpathFile())
                .optStoreEntry(archive, folder).start()) {
            System.err.println("DJL Serving at " + server.base() + " with " + model + "; warming up");
            for (Cell cell : cells) {
                run(server, cell, images, WARM_UP);
            }
            List<List<Double>> latencies = new ArrayList<>();
            double[] seconds = new double[cells.size()];
            cells.forEach(c -> latencies.add(new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < cells.size(); k++) {
                    int c = (k + round) % cells.size();
                    long start = System.nanoTime();
                    latencies.get(c).addAll(run(server, cells.get(c), images, requests));
                    seconds[c] += (System.nanoTime() - start) / 1e9;
                }
                System.err.println("round " + (round + 1) + " of " + rounds + " done");
            }
            print(archive, requests, rounds, cells, latencies, seconds);
        }
    }

    private static String budget(Path archive) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(archive.resolve("serving.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("discardSearch.budget", "16");
    }

    /** Sends {@code requests} requests from the cell's clients; returns each request's latency in ms. */
    private static List<Double> run(DjlServing server, Cell cell, FashionImages images, int requests)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(cell.clients());
        try {
            List<Future<List<Double>>> perClient = new ArrayList<>();
            for (int c = 0; c < cell.clients(); c++) {
                perClient.add(clients.submit(() -> {
                    List<Double> millis = new ArrayList<>();
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        byte[] png = images.pngs().get(i % images.pngs().size());
                        long start = System.nanoTime();
                        HttpResponse<String> response = server.send("POST", cell.path(), cell.headers(), png);
                        millis.add((System.nanoTime() - start) / 1e6);
                        if (response.statusCode() != 200) {
                            throw new IOException(cell.path() + " answered " + response.statusCode() + ": "
                                    + response.body());
                        }
                    }
                    return millis;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> client : perClient) {
                all.addAll(client.get());
            }
            return all;
        } finally {
            clients.shutdownNow();
        }
    }

    private static void print(String archive, int requests, int rounds, List<Cell> cells,
            List<List<Double>> latencies, double[] seconds) {
        System.out.printf(Locale.ROOT, "%nDJL Serving 0.36.0, %s, %d rounds of %d requests a cell, %d cores%n%n",
                archive, rounds, requests, Runtime.getRuntime().availableProcessors());
        System.out.println("| endpoint | budget | clients | requests | p50 ms | p99 ms | requests/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        LatencySummary[] summaries = new LatencySummary[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            Cell cell = cells.get(c);
            summaries[c] = LatencySummary.of(latencies.get(c).stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.1f |%n", cell.endpoint(),
                    cell.budget(), cell.clients(), summaries[c].count(), summaries[c].p50(), summaries[c].p99(),
                    summaries[c].count() / seconds[c]);
        }
        System.out.println();
        for (int c = 0; c < cells.size(); c++) {
            if (cells.get(c).endpoint().startsWith("plugin")) {
                double direct = summaries[c - 1].p99();
                System.out.printf(Locale.ROOT, "plugin's forced-vanilla arm, %d client(s): p99 %+.1f%% against"
                        + " /predictions at budget 1%n", cells.get(c).clients(),
                        100 * (summaries[c].p99() / direct - 1));
            }
        }
    }
}
