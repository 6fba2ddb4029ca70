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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.onnx.ImportedNetwork;
import org.discardsearch.onnx.OnnxModel;
import org.discardsearch.onnx.OnnxModelReader;
import org.discardsearch.pipeline.DiscardSearchBlock;

/**
 * Prints, for each ONNX classifier given, single-image latency of ONNX Runtime running the whole file against
 * the imported route ({@link ImportedNetwork}: the graph cut into sessions at its subsampling layers, searched
 * through {@link DiscardSearchBlock}) at budget 1 and B = 16 (order paper, entropy criterion and weighting,
 * aligned). The whole file runs in a session with ONNX Runtime's default options but for the thread count, fed
 * and read as ONNX Runtime's own tensors: what a user of the file would time. Each round times a block of calls
 * of every method in turn; "x whole file" is the median over rounds of the per-round ratio of block medians, so
 * the machine's drifts cancel out. Usage: {@code OnnxBenchmark [--threads N] [--rounds N] MODEL.onnx ...}, each
 * model taking 3 × 224 × 224 images with a dynamic batch dimension (docs/performance.md shows how to export
 * torchvision's).
 */
public final class OnnxBenchmark {

    private static final int SIDE = 224;
    private static final int BUDGET = 16;
    private static final int BLOCK = 5;

    private OnnxBenchmark() {}

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args {@code --threads N} (ONNX Runtime's intra-op threads, default 1), {@code --rounds N} (default
     *     7), then one or more .onnx files
     * @throws OrtException if ONNX Runtime cannot load or run a file as a whole
     */
    public static void main(String[] args) throws OrtException {
        int threads = 1;
        int rounds = 7;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .onnx file given; usage: OnnxBenchmark [--threads N]"
                    + " [--rounds N] MODEL.onnx ...");
        }
        System.out.printf("discard-search ONNX benchmark; %d ONNX Runtime threads; %d rounds of %d calls%n",
                threads, rounds, BLOCK);
        System.out.println("| model | method | median ms | x whole file |");
        System.out.println("|---|---|---|---|");
        for (Path file : files) {
            run(file, threads, rounds);
        }
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
