package org.discardsearch.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import org.discardsearch.aggregate.Alignment;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscardSearchBlockTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} align={3} early exit {4}")
    @CsvSource({
        "paper, entropy, entropy, true, 0",
        "paper, entropy, mean, false, 0",
        "best-first, delta, entropy, true, 0",
        "paper, learned, attention, true, 0",
        "paper, entropy, attention, false, 0.9"
    })
    void optimizedAndReferenceExecutorsAggregateToTheSameLogits(
            String order, String criterion, String aggregation, boolean align, double earlyExit) {
        Map<String, String> args = new HashMap<>();
        args.put("discardSearch.order", order);
        args.put("discardSearch.criterion", criterion);
        args.put("discardSearch.aggregation", aggregation);
        args.put("discardSearch.align", Boolean.toString(align));
        args.put("discardSearch.earlyExitEntropy", Double.toString(earlyExit));
        args.put("discardSearch.maxBudget", "30");
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(args);
        Shape shape = new Shape(3, 1, 56, 56);

        DiscardSearchBlock fast = block(config, Evaluator.PREFIX_REUSE, shape);
        DiscardSearchBlock reference = block(config, Evaluator.REFERENCE, shape);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray images = manager.randomNormal(shape);
        int[] budgets = {16, 30, 2};
        NDList a = fast.search(store, images, budgets);
        NDList b = reference.search(store, images, budgets);
        float diff = a.get(0).sub(b.get(0)).abs().max().getFloat();
        assertTrue(diff <= 1e-4f, "aggregated logits differ by " + diff);
        assertArrayEquals(b.get(1).toIntArray(), a.get(1).toIntArray(), "same budgets, states, calls, exits");
    }

    /** Two blocks with identical weights: the same seed, then a trained-looking (non-zero) attention gate. */
    private DiscardSearchBlock block(DiscardSearchConfig config, Evaluator evaluator, Shape shape) {
        Engine.getInstance().setRandomSeed(9);
        SegmentedNetwork network = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        AttentionAggregator.Builder attention = AttentionAggregator.builder().setFeatureDim(64).optSeed(1);
        if (config.align()) {
            attention.optAlignment(new Alignment(8));
        }
        DiscardSearchBlock block = new DiscardSearchBlock(network, attention.build(), config, evaluator);
        block.initialize(manager, DataType.FLOAT32, shape);
        block.attention().getParameters().forEach(p -> {
            NDArray value = p.getValue().getArray();
            if (value.getShape().dimension() > 0) {
                value.set(manager.randomUniform(-0.5f, 0.5f, value.getShape(), DataType.FLOAT32, manager.getDevice())
                        .toFloatArray());
            }
        });
        return block;
    }
}
