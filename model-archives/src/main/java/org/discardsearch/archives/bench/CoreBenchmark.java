package org.discardsearch.archives.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.Evaluator;
import org.discardsearch.search.EntropyCriterion;
import org.discardsearch.search.PrefixReuseExecutor;
import org.discardsearch.search.ReferenceExecutor;
import org.discardsearch.search.SearchDriver;
import org.discardsearch.search.SearchTree;
import org.discardsearch.search.StateEvaluator;

/**
 * Prints, for ResNet-18 at 224×224 and the compact ResNet at 56×56 (random weights: timing does not depend on
 * them), single-image latency and batch throughput of vanilla inference and of discard search at B = 4, 8, 16
 * (order paper, entropy criterion and weighting, aligned), with the reference and the optimized executor, and
 * beside each the multiply-accumulates per image: counted for our executors, and for the official code's
 * schedule (every expansion reruns the network from the image, R² phases at the expanded layer and after it,
 * docs/algorithm.md §4.6). A method's "x vanilla" is the median, over rounds that alternate a block of vanilla
 * images and a block of searched images, of the per-round ratio of block medians, so that the machine's drifts
 * during the run cancel out. Usage:
 * {@code CoreBenchmark [--quick] [--compact-only]}.
 */
public final class CoreBenchmark {

    private static final int[] BUDGETS = {4, 8, 16};
    private static final long WARM_UP_NANOS = 1_000_000_000L;

    private CoreBenchmark() {}

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args {@code --quick} for fewer repetitions
     */
    public static void main(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        boolean compactOnly = Arrays.asList(args).contains("--compact-only");
        System.out.printf("discard-search core benchmark; %d threads; %s; batch norms %s%n",
                Runtime.getRuntime().availableProcessors(),
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                Boolean.getBoolean(BenchModel.UNFOLDED) ? "unfolded" : "folded");
        System.out.println("| model | method | B | single-image ms (median) | x vanilla | batch img/s | MACs/img (G) |"
                + " x vanilla MACs | official-code MACs x vanilla |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        // The small model first: its millisecond timings are the ones a big model's allocations could disturb.
        run(BenchModel.COMPACT, 64, quick ? 5 : 41, quick ? 10 : 20, quick ? 3 : 10);
        if (!compactOnly) {
            run(BenchModel.RESNET18, 8, quick ? 1 : 3, quick ? 2 : 3, quick ? 2 : 3);
        }
    }

    private static void run(BenchModel model, int batch, int rounds, int blockSize, int batchRepeats) {
        String label = model.label();
        Shape image = model.image();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getInstance().setRandomSeed(1);
            DiscardSearchConfig config = DiscardSearchConfig.fromArguments(Map.of("discardSearch.maxBudget", "16"));
            DiscardSearchBlock fast = model.block(config, Evaluator.PREFIX_REUSE);
            fast.initialize(manager, DataType.FLOAT32, image);
            BenchModel.prepare(fast);
            DiscardSearchBlock reference = new DiscardSearchBlock(fast.network(), fast.attention(), config,
                    Evaluator.REFERENCE);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray one = manager.randomNormal(image);
            NDArray many = manager.randomNormal(model.batch(batch));

            Runnable vanilla = () -> fast.search(store, one, new int[] {1});
            // Every single-image latency first, then the batch rates: the large batches' allocations would
            // otherwise slow the millisecond-scale calls measured after them.
            double vanillaMs = medianMs(rounds, vanilla);
            List<double[]> latencies = new ArrayList<>();
            for (int budget : BUDGETS) {
                for (DiscardSearchBlock block : List.of(reference, fast)) {
                    latencies.add(interleaved(rounds, blockSize, vanilla,
                            () -> block.search(store, one, new int[] {budget})));
                }
            }
            double vanillaRate = batch * 1000.0 / medianMs(batchRepeats,
                    () -> fast.search(store, many, filled(batch, 1)));
            long vanillaMacs = macs(fast.network(), fast, one, 1, true, store)[0];
            row(label, "vanilla", 1, vanillaMs, 1, vanillaRate, vanillaMacs, vanillaMacs, vanillaMacs);
            int next = 0;
            for (int budget : BUDGETS) {
                long[] counted = macs(fast.network(), fast, one, budget, true, store);
                long referenceMacs = macs(fast.network(), fast, one, budget, false, store)[0];
                for (DiscardSearchBlock block : List.of(reference, fast)) {
                    double[] latency = latencies.get(next++);
                    double rate = batch * 1000.0 / medianMs(batchRepeats,
                            () -> block.search(store, many, filled(batch, budget)));
                    row(label, block == fast ? "optimized" : "reference", budget, latency[0], latency[1], rate,
                            block == fast ? counted[0] : referenceMacs, vanillaMacs, counted[1]);
                }
            }
        }
    }

    /**
     * Counts MACs for one image at a budget: [our executor's count, the official schedule's count]. The
     * official code reruns the network from the image at each expansion: units before the expanded layer once,
     * the expanded layer and everything after it R² times, then the head for R² states.
     */
    private static long[] macs(SearchableNetwork network, DiscardSearchBlock block, NDArray image, int budget,
            boolean optimized, ParameterStore store) {
        try (NDManager scope = image.getManager().newSubManager()) {
            NDArray x = image.duplicate();
            x.attach(scope);
            List<Integer> layers = block.searchedLayers();
            StateEvaluator evaluator = optimized
                    ? new PrefixReuseExecutor(network, store, layers, x)
                    : new ReferenceExecutor(network, store, layers, x);
            List<Integer> positions = new ArrayList<>();
            SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(requests -> {
                requests.forEach(request -> positions.add(request.position()));
                return evaluator.expand(requests);
            }).optLookahead(true).build().run(List.of(new SearchTree(block.strides(), budget, block.config().order())));
            long[] unit = network.unitMacs(image.getShape());
            long head = network.headMacs(image.getShape());
            long official = 0;
            for (int position : budget == 1 ? List.<Integer>of() : positions) {
                int from = network.unitOfLayer(layers.get(position));
                for (int u = 0; u < unit.length; u++) {
                    official += u < from ? unit[u] : 4 * unit[u];
                }
                official += 4 * head;
            }
            if (budget == 1) {
                official = evaluator.macs();
            }
            return new long[] {evaluator.macs(), official};
        }
    }

    static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    static double medianMs(int repeats, Runnable work) {
        // Warm up for a fixed time, not a fixed count: the first measurement (vanilla) otherwise pays the JIT's
        // and libtorch's first-call costs and inflates every ratio computed against it.
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) {
            work.run();
        }
        return blockMedianMs(repeats, work);
    }

    /**
     * Times a method's single-image latency against vanilla's in rounds that alternate a block of vanilla
     * images and a block of searched images, each block one call to settle then its median call, so that the
     * machine's drifts hit both alike while each is timed in its steady state: [median over rounds of the
     * method's block medians, median over rounds of method / vanilla].
     */
    private static double[] interleaved(int rounds, int blockSize, Runnable vanilla, Runnable method) {
        medianMs(1, method); // warm-up
        double[] ms = new double[rounds];
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double vanillaMs = blockMedianMs(blockSize, vanilla);
            ms[r] = blockMedianMs(blockSize, method);
            ratios[r] = ms[r] / vanillaMs;
        }
        Arrays.sort(ms);
        Arrays.sort(ratios);
        return new double[] {ms[rounds / 2], ratios[rounds / 2]};
    }

    static double blockMedianMs(int calls, Runnable work) {
        work.run();
        double[] times = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            work.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[calls / 2];
    }

    private static void row(String model, String method, int budget, double ms, double ratio, double rate,
            long macs, long vanillaMacs, long officialMacs) {
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.1f | %.3f | %.2f | %.2f |%n", model, method,
                budget, ms, ratio, rate, macs / 1e9, (double) macs / vanillaMacs,
                (double) officialMacs / vanillaMacs);
    }
}
