package org.discardsearch.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.config.Architecture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitectureTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(11);
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Trainable parameter counts are torchvision's published ones; MACs are for one 224×224 image. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18,    11689512, 1814073344, 512",
        "resnet50,    25557032, 4089184256, 2048",
        "mobilenetv2,  3504872,  300774272, 1280"
    })
    void fullSizeArchitecturesMatchTorchvision(String name, long parameters, long macs, long channels) {
        SegmentedNetwork net = Architectures.build(name, 1000, 0);
        Shape image = new Shape(1, 3, 224, 224);
        net.initialize(manager, DataType.FLOAT32, image);
        assertEquals(parameters, trainableParameters(net));
        assertEquals(5, net.subsamplingLayerCount());
        assertEquals(List.of(1, 2, 3), net.defaultSearchedLayers());
        List<Shape> shapes = net.unitInputShapes(image);
        long[] sides = new long[5];
        for (int layer = 0; layer < 5; layer++) {
            sides[layer] = shapes.get(net.unitOfLayer(layer)).get(2);
        }
        assertArrayEquals(new long[] {224, 112, 56, 28, 14}, sides, "input side of each subsampling layer");
        assertEquals(new Shape(1, channels, 7, 7), shapes.get(shapes.size() - 1));
        long total = java.util.Arrays.stream(net.unitMacs(image)).sum() + net.headMacs(image);
        assertEquals(macs, total);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"compact-resnet, 128", "compact-mobilenetv2, 128"})
    void compactArchitecturesSubsampleFiveTimesAt56(String name, long channels) {
        SegmentedNetwork net = Architectures.build(name, 10, 16);
        Shape image = new Shape(2, 1, 56, 56);
        net.initialize(manager, DataType.FLOAT32, image);
        List<Shape> shapes = net.unitInputShapes(image);
        long[] sides = new long[5];
        for (int layer = 0; layer < 5; layer++) {
            sides[layer] = shapes.get(net.unitOfLayer(layer)).get(2);
        }
        assertArrayEquals(new long[] {56, 28, 14, 7, 4}, sides);
        assertEquals(new Shape(2, channels, 2, 2), shapes.get(shapes.size() - 1));
        NDArray logits = net.forward(new ParameterStore(manager, false),
                new NDList(manager.randomNormal(image)), false).singletonOrThrow();
        assertEquals(new Shape(2, 10), logits.getShape());
    }

    @Test
    void segmentsRunInPiecesGiveTheFullForwardPass() {
        SegmentedNetwork net = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        Shape image = new Shape(3, 1, 56, 56);
        net.initialize(manager, DataType.FLOAT32, image);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray x = manager.randomNormal(image);
        NDArray logits = net.forward(store, new NDList(x), false).singletonOrThrow();
        int cut1 = net.unitOfLayer(1);
        int cut2 = net.unitOfLayer(3);
        NDArray a = net.runUnits(store, x, 0, cut1);
        NDArray b = net.runUnits(store, a, cut1, cut2);
        NDArray map = net.runUnits(store, b, cut2, net.units().size());
        assertArrayEquals(logits.toFloatArray(), net.head().classify(store, map).toFloatArray(), 0f);
    }

    @Test
    void searchedLayersMustBeConsecutiveAndExist() {
        SegmentedNetwork net = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> net.validateSearchedLayers(List.of(1, 3)));
        assertTrue(e.getMessage().contains("[1, 3]") && e.getMessage().contains("[0, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.validateSearchedLayers(List.of(4, 5)));
    }

    @Test
    void torchvisionResNetRejectsAnInvalidDepthOrWidthNamingIt() {
        IllegalArgumentException blocks = assertThrows(IllegalArgumentException.class,
                () -> ResNetBuilder.torchvision("r", true, new int[] {1, 0, 1, 1}, 8, 10));
        assertTrue(blocks.getMessage().contains("blocks") && blocks.getMessage().contains("[1, 0, 1, 1]"),
                blocks.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> ResNetBuilder.torchvision("r", false, new int[] {2, 2, 2, 2}, 0, 10));
        assertTrue(width.getMessage().contains("width") && width.getMessage().contains("'0'"), width.getMessage());
    }

    private static long trainableParameters(SegmentedNetwork net) {
        List<Pair<String, Parameter>> all = new ArrayList<>();
        net.getParameters().forEach(all::add);
        return all.stream().map(Pair::getValue)
                .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR)
                .mapToLong(p -> p.getArray().size()).sum();
    }
}
