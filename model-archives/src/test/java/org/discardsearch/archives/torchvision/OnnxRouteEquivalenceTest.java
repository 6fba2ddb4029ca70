package org.discardsearch.archives.torchvision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhaseMaxPool2d;
import org.discardsearch.layer.PhasePlan;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.network.SegmentedNetwork;
import org.discardsearch.onnx.ImportedNetwork;
import org.discardsearch.onnx.OnnxModelReader;
import org.discardsearch.onnx.RelativeError;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.search.EntropyCriterion;
import org.discardsearch.search.Node;
import org.discardsearch.search.PrefixReuseExecutor;
import org.discardsearch.search.SearchDriver;
import org.discardsearch.search.SearchResult;
import org.discardsearch.search.SearchTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One ResNet-18-shaped network, {@code resnet18-w16}, through both routes: its TorchScript file imported into the
 * built-in ResNet ({@link TorchvisionImporter}) and its ONNX export cut into ONNX Runtime sessions
 * ({@link ImportedNetwork}). The plain network agrees; shifted phases differ by design at the top row and left
 * column of windows of a padded strided layer (docs/algorithm.md §2.4): the built-in layer reads the real cells
 * there, the ONNX route its pad value. With those cells set to the pad value before the built-in layer runs, the
 * two routes compute the same states, choose the same ones and aggregate to the same logits.
 */
class OnnxRouteEquivalenceTest {

    /** Relative error, {@code max |a − b| / max |b|}; float rounding of libtorch against ONNX Runtime. */
    private static final double TOLERANCE = 1e-5;
    private static final int BUDGET = 16;
    private static final Path ONNX = TorchvisionFixtures.DIRECTORY.resolve("resnet18-w16.onnx");

    private static NDManager manager;
    private static SegmentedNetwork builtIn;
    private static ImportedNetwork imported;
    private static NDArray images;

    @BeforeAll
    static void importBothRoutes() throws IOException {
        manager = NDManager.newBaseManager("PyTorch");
        TorchvisionFixtures fixture = TorchvisionFixtures.RESNET18_W16;
        builtIn = fixture.network(manager);
        try (Model torchScript = TorchvisionFixtures.loadTorchScript(fixture.file());
                TorchScriptFile file = TorchScriptFile.read(fixture.file())) {
            TorchvisionImporter.importInto(builtIn, file, torchScript.getBlock(), manager);
        }
        imported = ImportedNetwork.load(OnnxModelReader.read(ONNX), 224, 1);
        images = TorchvisionFixtures.inputs(manager);
    }

    @AfterAll
    static void close() {
        imported.close();
        manager.close();
    }

    @Test
    void bothRoutesNumberTheSameLayersAndSearchTheSameOnes() {
        assertEquals(builtIn.subsamplingLayerCount(), imported.subsamplingLayerCount());
        for (int layer = 0; layer < builtIn.subsamplingLayerCount(); layer++) {
            assertEquals(builtIn.stride(layer), imported.stride(layer), "stride of layer " + layer);
        }
        assertEquals(builtIn.defaultSearchedLayers(), imported.defaultSearchedLayers());
        assertEquals(builtIn.classes(), imported.classes());
    }

    @Test
    void theDefaultStateGivesPyTorchsLogitsOnBothRoutes() {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray expected = TorchvisionFixtures.RESNET18_W16.expectedLogits(manager);
        NDArray viaBuiltIn = TorchvisionImporter.logits(builtIn, images);
        NDArray viaOnnx = imported.forward(store, new NDList(images), false).singletonOrThrow();
        double routes = TorchvisionImporter.relativeError(viaOnnx, viaBuiltIn);
        report("default state, ONNX vs built-in", routes);
        assertTrue(routes <= TOLERANCE, "default-state logits differ by " + routes);
        assertTrue(TorchvisionImporter.relativeError(viaOnnx, expected) <= 1e-4, "ONNX route vs PyTorch");
    }

    @Test
    void withTheBorderMaskedBothRoutesSearchTheSameStatesToTheSameLogits() {
        BorderMasked masked = new BorderMasked(builtIn);
        List<SearchResult> viaOnnx = search(imported);
        List<SearchResult> viaBuiltIn = search(masked);
        double worst = 0;
        for (int image = 0; image < viaOnnx.size(); image++) {
            List<Node> onnx = viaOnnx.get(image).candidates();
            List<Node> ours = viaBuiltIn.get(image).candidates();
            assertEquals(BUDGET, onnx.size(), "states of image " + image);
            assertEquals(ours.stream().map(Node::state).toList(), onnx.stream().map(Node::state).toList(),
                    "states chosen for image " + image);
            for (int state = 0; state < onnx.size(); state++) {
                double error = RelativeError.of(onnx.get(state).logits(), ours.get(state).logits());
                worst = Math.max(worst, error);
                assertTrue(error <= TOLERANCE, "image " + image + " state " + onnx.get(state).state() + ": " + error);
            }
        }
        report("every state, ONNX vs built-in with the border masked", worst);

        double aggregated = RelativeError.of(aggregatedLogits(imported), aggregatedLogits(masked));
        report("aggregated B=16, ONNX vs built-in with the border masked", aggregated);
        assertTrue(aggregated <= TOLERANCE, "aggregated logits differ by " + aggregated);
    }

    /** Without the mask the routes really differ: the masked comparison above is not one that always holds. */
    @Test
    void withoutTheMaskShiftedStatesDifferAtTheBorder() {
        List<SearchResult> viaOnnx = search(imported);
        List<SearchResult> viaBuiltIn = search(builtIn);
        double worst = 0;
        for (int image = 0; image < viaOnnx.size(); image++) {
            Node onnxRoot = viaOnnx.get(image).candidates().get(0);
            Node oursRoot = viaBuiltIn.get(image).candidates().get(0);
            assertTrue(RelativeError.of(onnxRoot.logits(), oursRoot.logits()) <= TOLERANCE,
                    "root of image " + image);
            // Paper order expands the root at the max pool first: states (s, -1, -1), s > 0, a max pool whose
            // first row or column of windows reads -inf on the ONNX route and the map's real cells here.
            for (Node onnx : viaOnnx.get(image).candidates()) {
                for (Node ours : viaBuiltIn.get(image).candidates()) {
                    if (ours.state().equals(onnx.state()) && onnx.state().phase(0) > 0) {
                        worst = Math.max(worst, RelativeError.of(onnx.logits(), ours.logits()));
                    }
                }
            }
        }
        report("shifted max pool, ONNX vs built-in unmasked", worst);
        assertTrue(worst > 100 * TOLERANCE, "the border made no difference: " + worst);
    }

    /** A B = 16 search in paper order, entropy criterion, as {@link DiscardSearchBlock#search} drives it. */
    private static List<SearchResult> search(SearchableNetwork network) {
        ParameterStore store = new ParameterStore(manager, false);
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(Map.of());
        List<Integer> layers = network.defaultSearchedLayers();
        List<Integer> strides = layers.stream().map(network::stride).toList();
        List<SearchTree> trees = new ArrayList<>();
        for (int image = 0; image < images.getShape().get(0); image++) {
            trees.add(new SearchTree(strides, BUDGET, config.order()));
        }
        PrefixReuseExecutor executor = new PrefixReuseExecutor(network, store, layers, images);
        return SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(executor)
                .optLookahead(true).optEarlyExitEntropy(config.earlyExitEntropy()).build().run(trees);
    }

    private static float[] aggregatedLogits(SearchableNetwork network) {
        DiscardSearchBlock block = DiscardSearchBlockFactory.withSearch(network, imported.finalChannels(),
                DiscardSearchConfig.fromArguments(Map.of()));
        ParameterStore store = new ParameterStore(manager, false);
        int[] budgets = new int[Math.toIntExact(images.getShape().get(0))];
        Arrays.fill(budgets, BUDGET);
        return block.search(store, images, budgets).get(0).toFloatArray();
    }

    private static void report(String what, double error) {
        System.out.printf(Locale.ROOT, "resnet18-w16   %-58s max relative error %.2e%n", what, error);
    }

    /**
     * The built-in network with the ONNX route's border: before a searched layer runs a row at phase (dy, dx),
     * the row's first dy rows and dx columns are set to the layer's pad value, which is what the ONNX route's
     * windows read there after {@code PhaseShift} moved those cells out. The projection shortcut (1×1, no padding)
     * never reads them at a non-zero phase, so one mask serves both branches of a residual block.
     */
    private static final class BorderMasked extends AbstractBlock implements SearchableNetwork {

        private final SegmentedNetwork network;

        BorderMasked(SegmentedNetwork network) {
            this.network = network;
        }

        @Override
        public NDArray runUnits(ParameterStore parameterStore, NDArray input, int from, int to, PhasePlan plan) {
            if (plan.isStock(input.getShape().get(0))) {
                return network.runUnits(parameterStore, input, from, to, plan);
            }
            int layer = layerAt(from);
            float fill = network.subsamplingLayer(layer) instanceof PhaseMaxPool2d ? Float.NEGATIVE_INFINITY : 0f;
            NDList rows = new NDList();
            PhasePlan.Builder own = PhasePlan.builder();
            for (int row = 0; row < plan.size(); row++) {
                Phase phase = plan.phase(row);
                NDArray copy = input.get(plan.source(row)).expandDims(0).duplicate();
                if (phase.dy() > 0) {
                    copy.set(new NDIndex(":, :, :{}, :", phase.dy()), fill);
                }
                if (phase.dx() > 0) {
                    copy.set(new NDIndex(":, :, :, :{}", phase.dx()), fill);
                }
                rows.add(copy);
                own.add(row, phase);
            }
            NDArray masked = NDArrays.concat(rows);
            NDArray output = network.runUnits(parameterStore, masked, from, to, own.build());
            masked.close();
            return output;
        }

        private int layerAt(int unit) {
            for (int layer = 0; layer < network.subsamplingLayerCount(); layer++) {
                if (network.unitOfLayer(layer) == unit) {
                    return layer;
                }
            }
            throw new IllegalArgumentException("unit " + unit + " does not start with a subsampling layer");
        }

        @Override
        public String architecture() {
            return network.architecture() + " (border masked)";
        }

        @Override
        public int unitCount() {
            return network.unitCount();
        }

        @Override
        public int subsamplingLayerCount() {
            return network.subsamplingLayerCount();
        }

        @Override
        public int unitOfLayer(int layer) {
            return network.unitOfLayer(layer);
        }

        @Override
        public int stride(int layer) {
            return network.stride(layer);
        }

        @Override
        public List<Integer> defaultSearchedLayers() {
            return network.defaultSearchedLayers();
        }

        @Override
        public int classes() {
            return network.classes();
        }

        @Override
        public NDArray classify(ParameterStore parameterStore, NDArray maps) {
            return network.classify(parameterStore, maps);
        }

        @Override
        public long[] unitMacs(Shape imageShape) {
            return network.unitMacs(imageShape);
        }

        @Override
        public long headMacs(Shape imageShape) {
            return network.headMacs(imageShape);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            return network.forward(parameterStore, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return network.getOutputShapes(inputShapes);
        }
    }
}
