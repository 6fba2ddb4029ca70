package org.discardsearch.archives.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.onnx.ImportedNetwork;
import org.discardsearch.onnx.OnnxModel;
import org.discardsearch.onnx.OnnxModelReader;
import org.discardsearch.pipeline.DiscardSearchBlock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Prints, for each ONNX classifier given, single-image latency of ONNX Runtime running the whole file against
 * the imported route ({@link ImportedNetwork}: the graph cut into sessions at its subsampling layers, searched
 * through {@link DiscardSearchBlock}) at budget 1 and B = 16 (order paper, entropy criterion and weighting,
 * aligned). The whole file runs in a session with ONNX Runtime's default options but for the thread count, fed
 * and read as ONNX Runtime's own tensors: what a user of the file would time. Each round times a block of calls
 * of every method in turn; "x whole file" is the median over rounds of the per-round ratio of block medians, so
 * the machine's drifts cancel out. Usage: {@code ./discard-search onnx-bench --help}; each model takes
 * 3 × 224 × 224 images with a dynamic batch dimension (docs/performance.md shows how to export torchvision's).
 */
@Command(name = "onnx-bench", description = "Single-image latency of ONNX Runtime running each file whole against"
        + " the imported route at budget 1 and B = 16.")
public final class OnnxBenchmark implements Callable<Integer> {

    private static final int SIDE = 224;
    private static final int BUDGET = 16;
    private static final int BLOCK = 5;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "ONNX Runtime's intra-op threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "7",
            description = "Rounds of " + BLOCK + " calls of every method (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Parameters(paramLabel = "MODEL.onnx", arity = "1..*",
            description = "Classifiers taking 3x224x224 images with a dynamic batch dimension.")
    private List<Path> files;

    @Spec
    private CommandSpec spec;

    private OnnxBenchmark() {}

    /**
     * Runs the benchmark and prints the table; a bad command line exits with 2, a file that cannot be read or run
     * with 1 and its reason.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new OnnxBenchmark()).setExecutionExceptionHandler((e, line, parsed) -> {
            System.err.println("onnx-bench failed: " + e.getMessage());
            return 1;
        }).execute(args));
    }

    @Override
    public Integer call() throws OrtException {
        if (threads < 1 || rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--threads and --rounds must be at least 1");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "No such file: " + file);
            }
        }
        System.out.printf("discard-search ONNX benchmark; %d ONNX Runtime threads; %d rounds of %d calls%n",
                threads, rounds, BLOCK);
        System.out.println("| model | method | median ms | x whole file |");
        System.out.println("|---|---|---|---|");
        for (Path file : files) {
            run(file, threads, rounds);
        }
        return 0;
    }

    private static void run(Path file, int threads, int rounds) throws OrtException {
        OnnxModel model = OnnxModelReader.read(file);
        float[] pixels = new float[3 * SIDE * SIDE];
        Random random = new Random(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        long[] shape = {1, 3, SIDE, SIDE};
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            try (OrtSession whole = environment.createSession(file.toString(), options);
                    OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels), shape);
                    ImportedNetwork network = ImportedNetwork.load(model, SIDE, threads);
                    NDManager manager = NDManager.newBaseManager()) {
                String inputName = whole.getInputNames().iterator().next();
                DiscardSearchBlock block = DiscardSearchBlockFactory.withSearch(network, network.finalChannels(),
                        DiscardSearchConfig.fromArguments(Map.of()));
                ParameterStore store = new ParameterStore(manager, false);
                NDArray images = manager.create(pixels, new Shape(shape));
                List<Runnable> methods = List.of(
                        () -> runWhole(whole, inputName, input),
                        () -> block.search(store, images, new int[] {1}),
                        () -> block.search(store, images, new int[] {BUDGET}));
                List<String> names = List.of("ONNX Runtime, whole file", "imported route, budget 1",
                        "imported route, B = " + BUDGET);
                double[][] timed = interleaved(rounds, methods);
                String label = file.getFileName().toString();
                for (int m = 0; m < methods.size(); m++) {
                    System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", label, names.get(m),
                            timed[0][m], timed[1][m]);
                }
            }
        }
    }

    private static void runWhole(OrtSession session, String inputName, OnnxTensor input) {
        try (OrtSession.Result ignored = session.run(Map.of(inputName, input))) {
            // The logits are not read: this times what ONNX Runtime computes, not a copy out of it.
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Times the methods in rounds, each round a block of calls of every method in turn after a warm-up of each:
     * [median over rounds of each method's block medians, median over rounds of its ratio to method 0's].
     */
    private static double[][] interleaved(int rounds, List<Runnable> methods) {
        methods.forEach(method -> CoreBenchmark.medianMs(1, method));
        int count = methods.size();
        double[][] ms = new double[count][rounds];
        double[][] ratios = new double[count][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < count; m++) {
                ms[m][r] = CoreBenchmark.blockMedianMs(BLOCK, methods.get(m));
            }
            for (int m = 0; m < count; m++) {
                ratios[m][r] = ms[m][r] / ms[0][r];
            }
        }
        double[][] medians = new double[2][count];
        for (int m = 0; m < count; m++) {
            medians[0][m] = median(ms[m]);
            medians[1][m] = median(ratios[m]);
        }
        return medians;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
