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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.discardsearch.stats.LatencySummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./discard-search serving-bench}: latency and throughput of a real DJL Serving with the plugin, one archive, from
 * HTTP clients on the same machine, with 1 and with 8 concurrent clients. Two kinds of cells:
 * <ul>
 *   <li>{@code /predictions} alone at budget 1 and at the archive's budget: latency and throughput;</li>
 *   <li>the plugin's forced-vanilla arm (the same model at budget 1) against {@code /predictions} at budget 1,
 *       paired: each client alternates the two, so both see the same machine at the same moments, and the
 *       plugin's added latency is not hidden by what else the machine does.</li>
 * </ul>
 * Rounds interleave the cells; the tables are printed at the end.
 */
@Command(name = "bench", description = "Latency and throughput of DJL Serving"
        + " with the plugin through HTTP, and what the plugin adds.")
public final class ServingBenchmark implements Callable<Integer> {

    private static final int WARM_UP = 50;

    @Option(names = "--model", paramLabel = "ARCHIVE", defaultValue = "compact-resnet-w16-s1",
            description = "A folder name under the distribution's models/ (default: ${DEFAULT-VALUE}).")
    private String archive;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "200",
            description = "Requests per cell, target and round (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "4",
            description = "Rounds over every cell (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Mixin
    private DistributionOptions build = new DistributionOptions();

    @Spec
    private CommandSpec spec;

    private ServingBenchmark() {
    }

    /** A kind of request. */
    private record Target(String endpoint, String budget, String path, Map<String, String> headers) {
    }

    /** One measured configuration: its clients send requests to its targets in turn. */
    private record Cell(int clients, List<Target> targets) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServingBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--requests and --rounds must be at least 1");
        }
        Path folder = build.dist.resolve("models").resolve(archive);
        if (!Files.isRegularFile(folder.resolve("serving.properties"))) {
            throw new ParameterException(spec.commandLine(), "No archive '" + archive + "' in "
                    + build.dist.resolve("models"));
        }
        String budget = budget(folder);
        String model = ServingHome.servedName(archive);
        FashionImages images = FashionImages.firstTestImages(64);

        Target vanilla = new Target("/predictions", "1", "/predictions/" + model,
                Map.of("Content-Type", "image/png", "X-Discard-Search-Budget", "1"));
        Target search = new Target("/predictions", budget, "/predictions/" + model,
                Map.of("Content-Type", "image/png"));
        Target plugin = new Target("plugin, forced vanilla", "1", "/discard-search/ab/" + model,
                Map.of("Content-Type", "image/png", "X-Discard-Search-Arm", "vanilla"));
        List<Cell> cells = new ArrayList<>();
        for (int clients : new int[] {1, 8}) {
            cells.add(new Cell(clients, List.of(vanilla)));
            cells.add(new Cell(clients, List.of(search)));
            cells.add(new Cell(clients, List.of(vanilla, plugin)));
        }
        try (DjlServing server = build.serverBuilder().optStoreEntry(archive, folder).start()) {
            System.err.println("DJL Serving at " + server.base() + " with " + model + "; warming up");
            for (Cell cell : cells) {
                run(server, cell, images, WARM_UP);
            }
            List<List<List<Double>>> latencies = new ArrayList<>();
            double[] seconds = new double[cells.size()];
            for (Cell cell : cells) {
                List<List<Double>> perTarget = new ArrayList<>();
                cell.targets().forEach(t -> perTarget.add(new ArrayList<>()));
                latencies.add(perTarget);
            }
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < cells.size(); k++) {
                    int c = (k + round) % cells.size();
                    long start = System.nanoTime();
                    List<List<Double>> measured = run(server, cells.get(c), images, requests);
                    seconds[c] += (System.nanoTime() - start) / 1e9;
                    for (int t = 0; t < measured.size(); t++) {
                        latencies.get(c).get(t).addAll(measured.get(t));
                    }
                }
                System.err.println("round " + (round + 1) + " of " + rounds + " done");
            }
            print(archive, requests, rounds, cells, latencies, seconds);
        }
        return 0;
    }

    private static String budget(Path archive) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(archive.resolve("serving.properties"))) {
            properties.load(in);
        }
        return properties.getProperty("discardSearch.budget", "16");
    }

    /**
     * Sends {@code requests} requests from the cell's clients, request {@code i} to target {@code i mod n}.
     *
     * @return each target's latencies in ms
     */
    private static List<List<Double>> run(DjlServing server, Cell cell, FashionImages images, int requests)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        int targets = cell.targets().size();
        ExecutorService clients = Executors.newFixedThreadPool(cell.clients());
        try {
            List<Future<List<List<Double>>>> perClient = new ArrayList<>();
            for (int c = 0; c < cell.clients(); c++) {
                perClient.add(clients.submit(() -> {
                    List<List<Double>> millis = new ArrayList<>();
                    cell.targets().forEach(t -> millis.add(new ArrayList<>()));
                    for (int i = next.getAndIncrement(); i < requests * targets; i = next.getAndIncrement()) {
                        Target target = cell.targets().get(i % targets);
                        byte[] png = images.pngs().get(i / targets % images.pngs().size());
                        long start = System.nanoTime();
                        HttpResponse<String> response = server.send("POST", target.path(), target.headers(), png);
                        millis.get(i % targets).add((System.nanoTime() - start) / 1e6);
                        if (response.statusCode() != 200) {
                            throw new IOException(target.path() + " answered " + response.statusCode() + ": "
                                    + response.body());
                        }
                    }
                    return millis;
                }));
            }
            List<List<Double>> all = new ArrayList<>();
            cell.targets().forEach(t -> all.add(new ArrayList<>()));
            for (Future<List<List<Double>>> client : perClient) {
                List<List<Double>> measured = client.get();
                for (int t = 0; t < targets; t++) {
                    all.get(t).addAll(measured.get(t));
                }
            }
            return all;
        } finally {
            clients.shutdownNow();
        }
    }

    private static LatencySummary summary(List<Double> millis) {
        return LatencySummary.of(millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void print(String archive, int requests, int rounds, List<Cell> cells,
            List<List<List<Double>>> latencies, double[] seconds) {
        System.out.printf(Locale.ROOT, "%nDJL Serving 0.36.0, %s, %d rounds of %d requests a cell and target,"
                + " %d cores%n%n", archive, rounds, requests, Runtime.getRuntime().availableProcessors());
        System.out.println("| endpoint | budget | clients | requests | p50 ms | p99 ms | requests/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int c = 0; c < cells.size(); c++) {
            Cell cell = cells.get(c);
            if (cell.targets().size() == 1) {
                Target target = cell.targets().get(0);
                LatencySummary s = summary(latencies.get(c).get(0));
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.1f |%n", target.endpoint(),
                        target.budget(), cell.clients(), s.count(), s.p50(), s.p99(), s.count() / seconds[c]);
            }
        }
        System.out.println();
        System.out.println("Paired, each client alternating the two at budget 1:");
        System.out.println();
        System.out.println("| clients | requests each | /predictions p50 | p99 | plugin p50 | p99 | plugin p99 against"
                + " /predictions |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int c = 0; c < cells.size(); c++) {
            if (cells.get(c).targets().size() == 2) {
                LatencySummary direct = summary(latencies.get(c).get(0));
                LatencySummary plugin = summary(latencies.get(c).get(1));
                System.out.printf(Locale.ROOT, "| %d | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %+.1f%% |%n",
                        cells.get(c).clients(), direct.count(), direct.p50(), direct.p99(), plugin.p50(),
                        plugin.p99(), 100 * (plugin.p99() / direct.p99() - 1));
            }
        }
    }
}
