package org.discardsearch.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Map;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.layer.BatchNormFolding;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Folding batch norms into the convolutions changes inference only by float rounding, on every built-in
 * architecture, for the plain forward and for a search; training forwards run the unfolded layers.
 */
class BatchNormFoldingTest {

    /** Relative to the largest logit: float32 rounding of W·s and β − μ·s against the separate ops. */
    private static final float TOLERANCE = 1e-4f;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Architecture.class)
    void foldedInferenceAgreesWithUnfolded(Architecture architecture) {
        SegmentedNetwork network = network(architecture);
        Shape image = image(architecture, 2);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray x = manager.randomNormal(image);
        DiscardSearchBlock block = DiscardSearchBlockFactory.withSearch(network,
                (int) network.unitInputShapes(image).get(network.units().size()).get(1),
                // Displacement ranking: the states searched do not depend on the logits, so the search's output
                // is as continuous in them as the forward (entropy ranking can flip a near tie on rounding).
                DiscardSearchConfig.fromArguments(Map.of("discardSearch.maxBudget", "16",
                        "discardSearch.criterion", "delta")));
        block.initialize(manager, DataType.FLOAT32, image);
        randomizeBatchNorms(network);

        float[] plain = network.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] searched = block.search(store, x, new int[] {4, 16}).get(0).toFloatArray();
        int folded = network.foldBatchNorm();
        assertTrue(folded > 0 && network.isBatchNormFolded(), "nothing folded in " + architecture);
        float[] plainFolded = network.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
        float[] searchedFolded = block.search(store, x, new int[] {4, 16}).get(0).toFloatArray();
        float[] vanillaFolded = block.search(store, x, new int[] {1, 1}).get(0).toFloatArray();

        assertClose(plain, plainFolded, architecture + " forward");
        int classes = network.classes();
        assertClose(Arrays.copyOf(searched, classes), Arrays.copyOf(searchedFolded, classes),
                architecture + " search at B = 4");
        assertClose(Arrays.copyOfRange(searched, classes, 2 * classes),
                Arrays.copyOfRange(searchedFolded, classes, 2 * classes), architecture + " search at B = 16");
        // Budget 1 is the plain forward bit for bit, folded as unfolded.
        assertArrayEquals(plainFolded, vanillaFolded, 0f);

        network.unfoldBatchNorm();
        assertFalse(BatchNormFolding.anyFolded(network));
        assertArrayEquals(plain, network.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray(), 0f,
                "unfolding restores the unfolded bits");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Architecture.class, names = {"COMPACT_RESNET", "COMPACT_MOBILENETV2", "RESNET18"})
    void loadingFoldsAndTrainingRunsTheUnfoldedLayers(Architecture architecture) throws Exception {
        SegmentedNetwork unfolded = network(architecture);
        Shape image = image(architecture, 2);
        unfolded.initialize(manager, DataType.FLOAT32, image);
        randomizeBatchNorms(unfolded);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        unfolded.saveParameters(new DataOutputStream(bytes));
        SegmentedNetwork loaded = network(architecture);
        loaded.initialize(manager, DataType.FLOAT32, image);
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertTrue(loaded.isBatchNormFolded(), "a load folds the batch norms");
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        loaded.saveParameters(new DataOutputStream(saved));
        assertArrayEquals(bytes.toByteArray(), saved.toByteArray(), "the fold is not saved as parameters");

        NDArray x = manager.randomNormal(image);
        ParameterStore store = new ParameterStore(manager, false);
        float[] expected = unfolded.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
        float[] trained = loaded.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
        assertArrayEquals(expected, trained, 0f, "a training forward runs the unfolded convolutions and batch norms");
        assertFalse(loaded.isBatchNormFolded(), "training drops the fold");
        assertFalse(BatchNormFolding.anyFolded(loaded));
        // After the training forward both updated their running statistics alike; inference is unfolded again.
        assertArrayEquals(unfolded.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray(),
                loaded.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray(), 0f);
    }

    private static SegmentedNetwork network(Architecture architecture) {
        return Architectures.build(architecture, 10, 8);
    }

    /** Small images: the full-size architectures run at 64×64 here, which every one of them accepts. */
    private static Shape image(Architecture architecture, int batch) {
        return switch (architecture) {
            case COMPACT_RESNET, COMPACT_MOBILENETV2 -> new Shape(batch, 1, 56, 56);
            default -> new Shape(batch, 3, 64, 64);
        };
    }

    /** Running statistics and affine terms away from their initial 0 and 1, so that the fold has work to do. */
    private void randomizeBatchNorms(Block block) {
        for (Block child : block.getChildren().values()) {
            if (child instanceof BatchNorm) {
                for (var pair : child.getParameters()) {
                    Parameter parameter = pair.getValue();
                    NDArray array = parameter.getArray();
                    NDArray value = switch (pair.getKey()) {
                        case "runningVar", "gamma" -> manager.randomUniform(0.5f, 2f, array.getShape());
                        default -> manager.randomNormal(0f, 0.5f, array.getShape(), DataType.FLOAT32);
                    };
                    array.set(value.toFloatArray());
                }
            } else {
                randomizeBatchNorms(child);
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * Math.max(scale, 1f), what + " at " + i);
        }
    }
}
