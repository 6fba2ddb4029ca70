package org.discardsearch.archives.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.Evaluator;
import org.discardsearch.search.EntropyCriterion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The claim the cheap evaluation rests on: one search at the largest budget, cut to its first B candidates,
 * gives what a search at budget B gives (the order of expansions never depends on the budget). Checked against
 * the archive's own block, run directly at every budget, on a real (random-weight) network.
 */
class PrefixBudgetTest {

    private static final List<Integer> BUDGETS = List.of(1, 2, 3, 4, 5, 7, 8, 16, 30);
    private static final int IMAGES = 6;

    @ParameterizedTest(name = "{0} order, {1} criterion, {2} aggregation")
    @CsvSource({"PAPER, ENTROPY, ENTROPY", "BEST_FIRST, ENTROPY, ENTROPY", "PAPER, LEARNED, ATTENTION",
        "BEST_FIRST, LEARNED, ATTENTION", "PAPER, ENTROPY, ATTENTION"})
    void everyBudgetOfOneSearchEqualsADirectSearchAtThatBudget(SearchOrderKind order, CriterionKind criterion,
            AggregationKind aggregation) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TinyModel model = new TinyModel(manager, 11);
            LabelledImages images = TinyModel.images(IMAGES, 12);
            SearchSpec spec = new SearchSpec(TinyModel.LAYERS, order, criterion, aggregation);
            LogitTable table = runner(model, manager).run(images, List.of(spec), BUDGETS, List.of(ImageView.ORIGINAL),
                    List.of());
            for (int budget : BUDGETS) {
                Direct direct = direct(model, manager, spec, budget, 0, images);
                assertArrayEquals(direct.logits, table.search(spec, ImageView.ORIGINAL, budget), 1e-5f,
                        "logits at budget " + budget);
                assertArrayEquals(direct.calls, table.calls(spec, ImageView.ORIGINAL, budget),
                        "network calls at budget " + budget);
            }
        }
    }

    @ParameterizedTest(name = "{0} order")
    @CsvSource({"PAPER", "BEST_FIRST"})
    void earlyExitAppliedToTheTableEqualsTheBlocksEarlyExit(SearchOrderKind order) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TinyModel model = new TinyModel(manager, 21);
            LabelledImages images = TinyModel.images(IMAGES, 22);
            SearchSpec spec = new SearchSpec(TinyModel.LAYERS, order, CriterionKind.ENTROPY, AggregationKind.ENTROPY);
            LogitTable table = runner(model, manager).run(images, List.of(spec), List.of(8),
                    List.of(ImageView.ORIGINAL), List.of());
            // a threshold between the default predictions' entropies, so that some images exit and some do not
            float[] plain = table.vanilla(TinyModel.LAYERS, ImageView.ORIGINAL);
            double[] entropies = new double[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                entropies[i] = EntropyCriterion.normalisedEntropy(Arrays.copyOfRange(plain, i * 10, i * 10 + 10));
            }
            double[] sorted = entropies.clone();
            Arrays.sort(sorted);
            double threshold = (sorted[IMAGES / 2 - 1] + sorted[IMAGES / 2]) / 2;

            Direct direct = direct(model, manager, spec, 8, threshold, images);
            Method method = Method.search(spec, 8, threshold, false);
            MethodScoring scoring = new MethodScoring(table, TinyModel.LAYERS);
            assertArrayEquals(MethodScoring.predictions(direct.logits, 10), scoring.predictions(method));
            MethodResult result = scoring.score(method, null);
            assertEquals(Arrays.stream(direct.calls).average().orElseThrow(), result.callsPerImage(), 1e-12);
            assertEquals(0.5, result.exitRate(), 1e-12);
            assertTrue(Arrays.stream(direct.exits).sum() == IMAGES / 2);
        }
    }

    @org.junit.jupiter.api.Test
    void resultsDoNotDependOnTheNumberOfWorkers() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TinyModel model = new TinyModel(manager, 31);
            LabelledImages images = TinyModel.images(IMAGES, 32);
            List<SearchSpec> specs = List.of(
                    new SearchSpec(TinyModel.LAYERS, SearchOrderKind.PAPER, CriterionKind.ENTROPY, AggregationKind.ENTROPY),
                    new SearchSpec(TinyModel.LAYERS, SearchOrderKind.BEST_FIRST, CriterionKind.LEARNED,
                            AggregationKind.ATTENTION));
            Map<List<Integer>, AttentionAggregator> attention = Map.of(TinyModel.LAYERS, model.attention);
            LogitTable one = new SplitRunner(model.network, model.preprocessing, attention, manager, 4, 1)
                    .run(images, specs, List.of(4, 16), List.of(ImageView.ORIGINAL, ImageView.FLIP), List.of());
            LogitTable two = new SplitRunner(model.network, model.preprocessing, attention, manager, 4, 2)
                    .run(images, specs, List.of(4, 16), List.of(ImageView.ORIGINAL, ImageView.FLIP), List.of());
            for (SearchSpec spec : specs) {
                for (ImageView view : List.of(ImageView.ORIGINAL, ImageView.FLIP)) {
                    for (int budget : List.of(1, 4, 16)) {
                        assertArrayEquals(one.search(spec, view, budget), two.search(spec, view, budget), 0f);
                    }
                }
            }
        }
    }

    private static SplitRunner runner(TinyModel model, NDManager manager) {
        Map<List<Integer>, AttentionAggregator> attention = Map.of(TinyModel.LAYERS, model.attention);
        return new SplitRunner(model.network, model.preprocessing, attention, manager, 4, 1);
    }

    /** Runs the archive's block at one budget on all images in one batch. */
    private static Direct direct(TinyModel model, NDManager manager, SearchSpec spec, int budget, double earlyExit,
            LabelledImages images) {
        DiscardSearchBlock block = new DiscardSearchBlock(model.network, model.attention,
                spec.config(budget, earlyExit), Evaluator.PREFIX_REUSE);
        try (NDManager scope = manager.newSubManager()) {
            int[] all = new int[images.size()];
            Arrays.setAll(all, i -> i);
            // the runner's batches hold 4 images; the block sees them in the same batches
            float[] logits = new float[images.size() * 10];
            int[] calls = new int[images.size()];
            int[] exits = new int[images.size()];
            for (int from = 0; from < images.size(); from += 4) {
                int[] batch = Arrays.copyOfRange(all, from, Math.min(images.size(), from + 4));
                NDArray x = model.preprocessing.toTensor(images.toNDArray(scope, batch, DataType.UINT8), scope);
                int[] budgets = new int[batch.length];
                Arrays.fill(budgets, budget);
                NDList out = block.search(new ParameterStore(manager, false), x, budgets);
                System.arraycopy(out.get(0).toFloatArray(), 0, logits, from * 10, batch.length * 10);
                int[] stats = out.get(1).toIntArray();
                for (int i = 0; i < batch.length; i++) {
                    calls[from + i] = stats[i * DiscardSearchBlock.STATS_COLUMNS + 2];
                    exits[from + i] = stats[i * DiscardSearchBlock.STATS_COLUMNS + 3];
                }
            }
            return new Direct(logits, calls, exits);
        }
    }

    private record Direct(float[] logits, int[] calls, int[] exits) {}
}
