package org.discardsearch.archives.torchvision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhaseConv2d;
import org.discardsearch.layer.PhaseMaxPool2d;
import org.discardsearch.layer.PhaseSelectable;
import org.discardsearch.layer.PhaseSequential;
import org.discardsearch.layer.SharedPhaseResidual;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our architectures compute what PyTorch computes: for each torchvision fixture, PyTorch's own logits (saved by the
 * fixture script), DJL running the TorchScript module, and our network with the imported tensors agree, and each
 * subsampling layer's other phases are the stride-1 result sliced.
 */
class TorchvisionEquivalenceTest {

    /** Relative error, {@code max |a − b| / max |b|} over all logits. */
    private static final double TOLERANCE = 1e-4;

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @ParameterizedTest
    @EnumSource(TorchvisionFixtures.class)
    void djlRunningTheTorchScriptModuleGivesPyTorchsLogits(TorchvisionFixtures fixture) {
        try (Model torchScript = TorchvisionFixtures.loadTorchScript(fixture.file())) {
            NDArray logits = TorchvisionImporter.logits(torchScript.getBlock(), TorchvisionFixtures.inputs(manager));
            double error = TorchvisionImporter.relativeError(logits, fixture.expectedLogits(manager));
            report(fixture, "DJL TorchScript vs PyTorch", error);
            assertTrue(error < TOLERANCE, "relative error " + error);
        }
    }

    @ParameterizedTest
    @EnumSource(TorchvisionFixtures.class)
    void importedNetworkGivesPyTorchsLogitsAndTheTorchScriptModules(TorchvisionFixtures fixture) throws IOException {
        try (Model torchScript = TorchvisionFixtures.loadTorchScript(fixture.file());
                TorchScriptFile file = TorchScriptFile.read(fixture.file())) {
            SegmentedNetwork network = fixture.network(manager);
            TorchvisionImporter.Imported imported =
                    TorchvisionImporter.importInto(network, file, torchScript.getBlock(), manager);
            NDArray inputs = TorchvisionFixtures.inputs(manager);
            NDArray ours = TorchvisionImporter.logits(network, inputs);
            double vsPyTorch = TorchvisionImporter.relativeError(ours, fixture.expectedLogits(manager));
            double vsDjl = TorchvisionImporter.relativeError(ours,
                    TorchvisionImporter.logits(torchScript.getBlock(), inputs));
            report(fixture, "ours vs PyTorch", vsPyTorch);
            report(fixture, "ours vs DJL TorchScript", vsDjl);
            report(fixture, "import probe", imported.probeError());
            assertTrue(vsPyTorch < TOLERANCE, "relative error vs PyTorch " + vsPyTorch);
            assertTrue(vsDjl < TOLERANCE, "relative error vs DJL's TorchScript run " + vsDjl);
            assertEquals(file.tensorShapes().size(), imported.tensors()
                    + (int) file.tensorShapes().keySet().stream().filter(n -> n.endsWith("num_batches_tracked"))
                            .count(), "every tensor but num_batches_tracked is copied");
        }
    }

    @ParameterizedTest
    @EnumSource(TorchvisionFixtures.class)
    void fileReaderReadsTheParametersDjlReads(TorchvisionFixtures fixture) throws IOException {
        try (Model torchScript = TorchvisionFixtures.loadTorchScript(fixture.file());
                TorchScriptFile file = TorchScriptFile.read(fixture.file())) {
            int parameters = 0;
            for (Pair<String, Parameter> parameter : torchScript.getBlock().getParameters()) {
                NDArray fromFile = file.tensor(parameter.getKey(), manager);
                assertEquals(parameter.getValue().getArray().getShape(), fromFile.getShape(), parameter.getKey());
                assertArrayEquals(parameter.getValue().getArray().toFloatArray(), fromFile.toFloatArray(), 0f,
                        parameter.getKey());
                parameters++;
            }
            long buffers = file.tensorShapes().keySet().stream()
                    .filter(n -> n.endsWith("running_mean") || n.endsWith("running_var")
                            || n.endsWith("num_batches_tracked"))
                    .count();
            assertEquals(file.tensorShapes().size(), parameters + buffers, "parameters and buffers, nothing else");
            assertTrue(buffers > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(TorchvisionFixtures.class)
    void everySubsamplingLayersPhasesAreTheStrideOneResultSliced(TorchvisionFixtures fixture) throws IOException {
        try (Model torchScript = TorchvisionFixtures.loadTorchScript(fixture.file());
                TorchScriptFile file = TorchScriptFile.read(fixture.file())) {
            SegmentedNetwork network = fixture.network(manager);
            TorchvisionImporter.importInto(network, file, torchScript.getBlock(), manager);
            ParameterStore store = new ParameterStore(manager, false);
            boolean resnet = network.units().get(0) instanceof PhaseConv2d;
            // One image is enough here: the check is per element, and the other image only doubles the time.
            NDArray input = TorchvisionFixtures.inputs(manager).get("0:1");
            int done = 0;
            double worst = 0;
            for (int layer = 0; layer < network.subsamplingLayerCount(); layer++) {
                int unit = network.unitOfLayer(layer);
                input = network.runUnits(store, input, done, unit);
                done = unit;
                Block block = network.units().get(unit);
                for (Phase phase : Phase.all(2)) {
                    NDArray actual = ((PhaseSelectable) block).forwardPhases(store, input, List.of(phase));
                    NDArray expected = sliced(store, block, input, phase, resnet);
                    // At 224 every side is even, so every window of every phase lies inside the padded input and
                    // the sliced stride-1 result has exactly the layer's output shape.
                    assertEquals(expected.getShape(), actual.getShape(), "layer " + layer + " phase " + phase);
                    double error = TorchvisionImporter.relativeError(actual, expected);
                    worst = Math.max(worst, error);
                    assertTrue(error < TOLERANCE, "layer " + layer + " phase " + phase + ": " + error);
                }
            }
            report(fixture, "phases vs stride-1 sliced (5 layers x 4 phases)", worst);
        }
    }

    /** The block at one phase, computed with its strided step run at stride 1 and sliced [dy::s, dx::s]. */
    private static NDArray sliced(ParameterStore store, Block block, NDArray x, Phase phase, boolean resnet) {
        if (block instanceof PhaseConv2d conv && conv.stride() > 1) {
            NDArray weight = store.getValue(conv.weight(), x.getDevice(), false);
            NDArray bias = conv.bias() == null ? null : store.getValue(conv.bias(), x.getDevice(), false);
            NDArray full = Conv2d.conv2d(x, weight, bias, new Shape(1, 1), new Shape(conv.padding(), conv.padding()),
                    new Shape(1, 1), conv.groups()).singletonOrThrow();
            return slice(full, conv.stride(), phase);
        }
        if (block instanceof PhaseMaxPool2d pool) {
            NDArray full = Pool.maxPool2d(x, new Shape(pool.kernel(), pool.kernel()), new Shape(1, 1),
                    new Shape(pool.padding(), pool.padding()), false);
            return slice(full, pool.stride(), phase);
        }
        if (block instanceof PhaseSequential sequence) {
            NDArray current = x;
            for (Block step : sequence.blocks()) {
                current = step instanceof PhaseSelectable selectable && selectable.stride() > 1
                        ? sliced(store, step, current, phase, resnet)
                        : step.forward(store, new NDList(current), false).singletonOrThrow();
            }
            return current;
        }
        if (block instanceof SharedPhaseResidual residual) {
            NDArray sum = sliced(store, residual.main(), x, phase, resnet)
                    .add(sliced(store, residual.shortcut(), x, phase, resnet));
            // A subsampling residual occurs only in the ResNets, whose blocks end with a ReLU after the sum.
            return resnet ? sum.maximum(0f) : sum;
        }
        throw new IllegalArgumentException("Not a subsampling block: " + block);
    }

    private static NDArray slice(NDArray full, int stride, Phase phase) {
        return full.get(new NDIndex(":, :, {}::{}, {}::{}", phase.dy(), stride, phase.dx(), stride));
    }

    private static void report(TorchvisionFixtures fixture, String what, double error) {
        System.out.printf(Locale.ROOT, "%-14s %-50s max relative error %.2e%n", fixture.fixtureName(), what, error);
    }
}
