package org.discardsearch.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhaseLayerTest {

    private static final float TOLERANCE = 1e-5f;

    private NDManager manager;
    private ParameterStore store;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager("PyTorch");
        store = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Layer kind, kernel, stride, padding, and an input shape (odd sizes included). */
    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("conv", 3, 2, 1, new Shape(2, 3, 12, 12)),
                Arguments.of("conv", 3, 2, 1, new Shape(1, 3, 11, 13)),
                Arguments.of("conv", 7, 2, 3, new Shape(1, 3, 17, 15)),
                Arguments.of("conv", 1, 2, 0, new Shape(2, 4, 9, 10)),
                Arguments.of("depthwise", 3, 2, 1, new Shape(2, 4, 13, 11)),
                Arguments.of("max", 3, 2, 1, new Shape(2, 3, 12, 12)),
                Arguments.of("max", 3, 2, 1, new Shape(1, 3, 11, 9)),
                Arguments.of("max", 2, 2, 0, new Shape(1, 2, 7, 8)),
                Arguments.of("conv", 3, 3, 1, new Shape(1, 2, 14, 13)));
    }

    @ParameterizedTest(name = "{0} k={1} s={2} p={3} on {4}")
    @MethodSource("layers")
    void everyPhaseEqualsTheStrideOneResultSliced(String kind, int k, int s, int p, Shape shape) {
        NDArray x = manager.randomNormal(shape);
        PhaseSelectable layer = initialized(kind, k, s, p, shape);
        NDArray full = strideOne(kind, layer, x, k, p);
        for (Phase phase : Phase.all(s)) {
            NDArray out = layer.forwardPhases(store, x, List.of(phase));
            assertEquals(layer.getOutputShapes(new Shape[] {shape})[0], out.getShape(), "shape never changes");
            NDArray expected = full.get(new NDIndex(":, :, {}::{}, {}::{}", phase.dy(), s, phase.dx(), s));
            long rows = insideRows(shape.get(2), k, s, p, phase.dy(), out.getShape().get(2));
            long cols = insideRows(shape.get(3), k, s, p, phase.dx(), out.getShape().get(3));
            assertTrue(rows > 0 && cols > 0);
            NDIndex inside = new NDIndex(":, :, :{}, :{}", rows, cols);
            assertClose(expected.get(inside), out.get(inside), kind + " phase " + phase);
        }
    }

    @ParameterizedTest(name = "{0} k={1} s={2} p={3} on {4}")
    @MethodSource("layers")
    void originPhaseEqualsTheStockOperation(String kind, int k, int s, int p, Shape shape) {
        NDArray x = manager.randomNormal(shape);
        PhaseSelectable layer = initialized(kind, k, s, p, shape);
        NDArray stock = stock(kind, layer, x, k, s, p);
        NDArray viaForward = layer.forward(store, new NDList(x), false).singletonOrThrow();
        assertArrayEquals(stock.toFloatArray(), viaForward.toFloatArray(), 0f);
        // Training takes its own path for max-pool batches (the kernel, for its backward pass): same numbers.
        NDArray training = layer.forward(store, new NDList(x), true).singletonOrThrow();
        assertArrayEquals(stock.toFloatArray(), training.toFloatArray(), 0f);
        // The explicit pad-and-shift path at (0, 0) computes the same numbers as the stock op.
        NDArray shiftedOrigin = layer.forwardPhases(store, x, List.of(Phase.ORIGIN, Phase.ofIndex(1, s)))
                .get(new NDIndex("0::2"));
        assertClose(stock, shiftedOrigin, kind + " shifted origin");
    }

    @ParameterizedTest(name = "{0} k={1} s={2} p={3} on {4}")
    @MethodSource("layers")
    void allPhasesAreStackedImageMajor(String kind, int k, int s, int p, Shape shape) {
        NDArray x = manager.randomNormal(shape);
        PhaseSelectable layer = initialized(kind, k, s, p, shape);
        List<Phase> phases = Phase.all(s);
        NDArray stacked = layer.forwardPhases(store, x, phases);
        int count = phases.size();
        assertEquals(shape.get(0) * count, stacked.getShape().get(0));
        for (int j = 0; j < count; j++) {
            NDArray single = layer.forwardPhases(store, x, List.of(phases.get(j)));
            assertClose(single, stacked.get(new NDIndex("{}::{}", j, count)), "phase " + phases.get(j));
        }
    }

    @ParameterizedTest(name = "{0} k={1} s={2} p={3} on {4}")
    @MethodSource("layers")
    void aMixedPlanGivesEachRowItsOwnSourceAndPhase(String kind, int k, int s, int p, Shape shape) {
        NDArray x = manager.randomNormal(shape);
        PhaseSelectable layer = initialized(kind, k, s, p, shape);
        int last = (int) shape.get(0) - 1;
        // Out of order, repeated sources, the origin beside other phases: what a search pass sends.
        PhasePlan plan = PhasePlan.builder()
                .add(last, Phase.ofIndex(s * s - 1, s))
                .add(0, Phase.ORIGIN)
                .add(last, Phase.ORIGIN)
                .add(0, Phase.ofIndex(1, s))
                .build();
        NDArray out = layer.forwardPlan(store, x, plan);
        assertEquals(plan.size(), out.getShape().get(0));
        for (int row = 0; row < plan.size(); row++) {
            int source = plan.source(row);
            NDArray alone = layer.forwardPhases(store, x.get(new NDIndex("{}:{}", source, source + 1)),
                    List.of(plan.phase(row)));
            assertClose(alone, out.get(new NDIndex("{}:{}", row, row + 1)), kind + " plan row " + row);
        }
    }

    @Test
    void aPlanNamesTheRowThatDoesNotFit() {
        PhaseConv2d conv = PhaseConv2d.builder().setKernel(3).setFilters(2).optStride(2).optPadding(1).build();
        Shape shape = new Shape(1, 1, 6, 6);
        conv.initialize(manager, DataType.FLOAT32, shape);
        NDArray x = manager.randomNormal(shape);
        PhasePlan plan = PhasePlan.builder().add(0, Phase.ORIGIN).add(1, Phase.ORIGIN).build();
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> conv.forwardPlan(store, x, plan));
        assertEquals("Phase plan row 1 reads input row 1; the input has 1 rows", error.getMessage());
        assertTrue(PhasePlan.everyPhase(1, List.of(Phase.ORIGIN)).isStock(1));
        assertTrue(plan.isStock(2), "every row in order at the origin is the stock op");
        PhasePlan repeated = PhasePlan.builder().add(0, Phase.ORIGIN).add(0, Phase.ORIGIN).build();
        assertFalse(repeated.isStock(2), "a repeated source is not the stock op");
    }

    @Test
    void residualBranchesShareOnePhase() {
        Shape shape = new Shape(2, 4, 10, 9);
        NDArray x = manager.randomNormal(shape);
        PhaseConv2d mainConv = PhaseConv2d.builder().setKernel(3).setFilters(6).optStride(2).optPadding(1).build();
        PhaseConv2d shortcutConv = PhaseConv2d.builder().setKernel(1).setFilters(6).optStride(2).build();
        SharedPhaseResidual block = new SharedPhaseResidual(
                PhaseSequential.of(mainConv), PhaseSequential.of(shortcutConv), true);
        block.initialize(manager, DataType.FLOAT32, shape);
        for (Phase phase : Phase.all(2)) {
            NDArray out = block.forwardPhases(store, x, List.of(phase));
            NDArray expected = mainConv.forwardPhases(store, x, List.of(phase))
                    .add(shortcutConv.forwardPhases(store, x, List.of(phase))).maximum(0f);
            assertClose(expected, out, "residual " + phase);
        }
        NDArray stock = block.forward(store, new NDList(x), false).singletonOrThrow();
        assertArrayEquals(stock.toFloatArray(),
                block.forwardPhases(store, x, List.of(Phase.ORIGIN)).toFloatArray(), 0f);
    }

    @Test
    void phaseSequentialRejectsTwoSubsamplingBlocks() {
        PhaseConv2d a = PhaseConv2d.builder().setKernel(3).setFilters(2).optStride(2).build();
        PhaseMaxPool2d b = new PhaseMaxPool2d(2, 2, 0);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> PhaseSequential.of(a, b));
        assertTrue(e.getMessage().contains("at most one subsampling block"), e.getMessage());
    }

    @Test
    void builderNamesTheInvalidSetting() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PhaseConv2d.builder().setKernel(3).setFilters(6).optGroups(4).build());
        assertTrue(e.getMessage().contains("groups") && e.getMessage().contains("'4'"), e.getMessage());
    }

    @Test
    void convolutionCountsItsMultiplyAccumulates() {
        PhaseConv2d conv = PhaseConv2d.builder().setKernel(3).setFilters(8).optStride(2).optPadding(1).build();
        // 2 images, 8 filters on a 5x5 output, 4 input channels, 3x3 kernel.
        assertEquals(2L * 8 * 5 * 5 * 4 * 9, conv.macs(new Shape(2, 4, 10, 10)));
    }

    /** Number of leading outputs whose window lies inside the padded input (no appended cells). */
    private static long insideRows(long in, int k, int s, int p, int offset, long outputs) {
        long count = 0;
        for (long i = 0; i < outputs; i++) {
            if (i * s + offset + k <= in + 2L * p) {
                count++;
            }
        }
        return count;
    }

    private PhaseSelectable initialized(String kind, int k, int s, int p, Shape shape) {
        PhaseSelectable layer = build(kind, k, s, p, (int) shape.get(1));
        layer.initialize(manager, DataType.FLOAT32, shape);
        return layer;
    }

    private static PhaseSelectable build(String kind, int k, int s, int p, int channels) {
        return switch (kind) {
            case "conv" -> PhaseConv2d.builder().setKernel(k).setFilters(5).optStride(s).optPadding(p)
                    .optBias(true).build();
            case "depthwise" -> PhaseConv2d.builder().setKernel(k).setFilters(channels).optGroups(channels)
                    .optStride(s).optPadding(p).build();
            case "max" -> new PhaseMaxPool2d(k, s, p);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private NDArray strideOne(String kind, PhaseSelectable layer, NDArray x, int k, int p) {
        return op(kind, layer, x, k, 1, p);
    }

    private NDArray stock(String kind, PhaseSelectable layer, NDArray x, int k, int s, int p) {
        if (layer instanceof PhaseConv2d conv) {
            // DJL's own Conv2d block, loaded with the same weights.
            Conv2d djl = Conv2d.builder().setKernelShape(new Shape(k, k)).setFilters(conv.filters())
                    .optStride(new Shape(s, s)).optPadding(new Shape(p, p)).optGroups(conv.groups())
                    .optBias(conv.bias() != null).build();
            djl.initialize(manager, DataType.FLOAT32, x.getShape());
            djl.getParameters().get("weight").getArray().set(conv.weight().getArray().toFloatArray());
            if (conv.bias() != null) {
                djl.getParameters().get("bias").getArray().set(conv.bias().getArray().toFloatArray());
            }
            return djl.forward(store, new NDList(x), false).singletonOrThrow();
        }
        return op(kind, layer, x, k, s, p);
    }

    private NDArray op(String kind, PhaseSelectable layer, NDArray x, int k, int s, int p) {
        Shape kernel = new Shape(k, k);
        Shape stride = new Shape(s, s);
        Shape pad = new Shape(p, p);
        Function<PhaseConv2d, NDArray> conv = c -> Conv2d.conv2d(x, c.weight().getArray(),
                c.bias() == null ? null : c.bias().getArray(), stride, pad, new Shape(1, 1), c.groups())
                .singletonOrThrow();
        return switch (kind) {
            case "conv", "depthwise" -> conv.apply((PhaseConv2d) layer);
            case "max" -> Pool.maxPool2d(x, kernel, stride, pad, false);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + ": shape");
        float diff = expected.sub(actual).abs().max().getFloat();
        assertTrue(diff <= TOLERANCE, what + ": max abs diff " + diff);
    }

}
