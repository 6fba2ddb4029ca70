package org.discardsearch.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.discardsearch.aggregate.Alignment;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.Evaluator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The project's search (order paper, entropy criterion and aggregation, aligned) on imported graphs. */
class ImportedSearchTest {

    private static final Shape IMAGES = new Shape(OnnxFixtures.IMAGES, 3, OnnxFixtures.SIDE, OnnxFixtures.SIDE);

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2"})
    void budgetOneIsTheWholeFilesLogitsAndSixteenSearchesFiveCalls(String name) {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model(name));
        float[] whole;
        try (ImportedGraph graph = ImportedGraph.load(model, 1)) {
            whole = graph.logits(new FloatTensor(IMAGES.getShape(), OnnxFixtures.input())).values();
        }
        try (ImportedNetwork network = ImportedNetwork.load(model, OnnxFixtures.SIDE, 1);
                NDManager manager = NDManager.newBaseManager()) {
            DiscardSearchBlock block = DiscardSearchBlockFactory.withSearch(network, network.finalChannels(),
                    DiscardSearchConfig.fromArguments(Map.of()));
            block.initialize(manager, DataType.FLOAT32, IMAGES);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.create(OnnxFixtures.input(), IMAGES);

            NDList vanilla = block.search(store, images, new int[] {1, 1, 1});
            float[] logits = vanilla.get(0).toFloatArray();
            assertTrue(RelativeError.of(logits, whole) <= 1e-5, name + ": budget 1 differs from the whole file by "
                    + RelativeError.of(logits, whole));

            NDList searched = block.search(store, images, new int[] {16, 16, 16});
            int[] stats = searched.get(1).toIntArray();
            for (int image = 0; image < OnnxFixtures.IMAGES; image++) {
                assertEquals(16, stats[image * DiscardSearchBlock.STATS_COLUMNS + 1], "states of image " + image);
                assertEquals(5, stats[image * DiscardSearchBlock.STATS_COLUMNS + 2], "calls of image " + image);
            }
            float[] aggregated = searched.get(0).toFloatArray();
            assertTrue(RelativeError.of(aggregated, whole) > 1e-3, name + ": the search changed nothing");
        }
    }

    /** The prefix-reuse executor and the reference one compute the same states on an imported graph. */
    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2"})
    void bothExecutorsAggregateToTheSameLogits(String name) {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model(name));
        try (ImportedNetwork network = ImportedNetwork.load(model, OnnxFixtures.SIDE, 1);
                NDManager manager = NDManager.newBaseManager()) {
            DiscardSearchConfig config = DiscardSearchConfig.fromArguments(Map.of());
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.create(OnnxFixtures.input(), IMAGES);
            int[] budgets = {16, 7, 2};
            NDList fast = block(network, config, Evaluator.PREFIX_REUSE, manager).search(store, images, budgets);
            NDList reference = block(network, config, Evaluator.REFERENCE, manager).search(store, images, budgets);

            double error = RelativeError.of(fast.get(0).toFloatArray(), reference.get(0).toFloatArray());
            assertTrue(error <= 1e-5, name + ": executors differ by " + error);
            assertArrayEquals(reference.get(1).toIntArray(), fast.get(1).toIntArray());
        }
    }

    private static DiscardSearchBlock block(ImportedNetwork network, DiscardSearchConfig config,
            Evaluator evaluator, NDManager manager) {
        AttentionAggregator attention = AttentionAggregator.builder().setFeatureDim(network.finalChannels())
                .optAlignment(new Alignment(8)).build();
        DiscardSearchBlock block = new DiscardSearchBlock(network, attention, config, evaluator);
        block.initialize(manager, DataType.FLOAT32, IMAGES);
        return block;
    }
}
