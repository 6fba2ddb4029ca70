package org.discardsearch.archives.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.Evaluator;

/**
 * Prints peak resident memory beside latency, for vanilla inference and discard search at B = 16 (order paper,
 * entropy criterion and weighting, aligned) with the optimized and the reference executor, at batch 1 and 8, on
 * the compact ResNet at 56×56 and ResNet-18 at 224×224. Each cell runs in a fresh child JVM (same java, same
 * classpath, {@code ai.djl.*} properties passed on, a 256 MB serial-GC heap), which reports its VmHWM (the
 * process's resident high-water mark, native memory included) after loading the model and after the timed
 * calls. Usage: {@code MemoryBenchmark [--resnet18-only | --compact-only]}; run it with {@code java -cp}, not
 * {@code exec:java}, whose classpath the children could not inherit.
 */
public final class MemoryBenchmark {

    private static final String CELL = "--cell";
    private static final int BUDGET = 16;

    private MemoryBenchmark() {}

    /**
     * Runs every cell in its own JVM and prints the table, or, with {@code --cell MODEL METHOD BATCH}, runs one
     * cell here and prints {@code ms-per-image peak-kB loaded-kB}.
     *
     * @param args the options
     * @throws IOException if a child cannot be started or read
     * @throws InterruptedException if interrupted while waiting for a child
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> options = List.of(args);
        if (options.contains(CELL)) {
            cell(BenchModel.of(args[1]), args[2], Integer.parseInt(args[3]));
            return;
        }
        System.out.printf("discard-search memory benchmark; %d cores; one child JVM per row%n",
                Runtime.getRuntime().availableProcessors());
        System.out.println("| model | method | B | batch | ms/img (median) | peak RSS MB | RSS after load MB |"
                + " peak - load MB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<BenchModel> models = new ArrayList<>();
        if (!options.contains("--resnet18-only")) {
            models.add(BenchModel.COMPACT);
        }
        if (!options.contains("--compact-only")) {
            models.add(BenchModel.RESNET18);
        }
        for (BenchModel model : models) {
            for (int batch : new int[] {1, 8}) {
                for (String method : List.of("vanilla", "optimized", "reference")) {
                    String[] out = child(model, method, batch).trim().split(" ");
                    double peak = Long.parseLong(out[1]) / 1024.0;
                    double loaded = Long.parseLong(out[2]) / 1024.0;
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %s | %.0f | %.0f | %.0f |%n", model.label(),
                            method, method.equals("vanilla") ? 1 : BUDGET, batch, out[0], peak, loaded, peak - loaded);
                }
            }
        }
    }

    private static String child(BenchModel model, String method, int batch) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx256m", "-XX:+UseSerialGC"));
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("ai.djl.") || key.startsWith("discardsearch."))
                .forEach(key -> command.add("-D" + key + "=" + System.getProperty(key)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryBenchmark.class.getName(),
                CELL, model.label(), method, Integer.toString(batch)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("Benchmark cell failed: " + model.label() + " " + method + " batch "
                    + batch + "; output: " + out);
        }
        return out.lines().reduce((first, second) -> second).orElseThrow();
    }

    private static void cell(BenchModel model, String method, int batch) throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getInstance().setRandomSeed(1);
            DiscardSearchConfig config = DiscardSearchConfig.fromArguments(Map.of("discardSearch.maxBudget", "16"));
            DiscardSearchBlock block = model.block(config,
                    method.equals("reference") ? Evaluator.REFERENCE : Evaluator.PREFIX_REUSE);
            block.initialize(manager, DataType.FLOAT32, model.image());
            BenchModel.prepare(block);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomNormal(model.batch(batch));
            int[] budgets = CoreBenchmark.filled(batch, method.equals("vanilla") ? 1 : BUDGET);
            long loaded = highWaterKb();
            double ms = CoreBenchmark.medianMs(model == BenchModel.COMPACT ? 20 : 3,
                    () -> block.search(store, images, budgets).close());
            System.out.printf(Locale.ROOT, "%.2f %d %d%n", ms / batch, highWaterKb(), loaded);
        }
    }

    /** The process's resident high-water mark (VmHWM), in kB. */
    private static long highWaterKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow();
    }
}
