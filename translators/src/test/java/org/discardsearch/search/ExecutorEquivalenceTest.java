package org.discardsearch.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.config.ValueType;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutorEquivalenceTest {

    private static final float TOLERANCE = 1e-4f;

    private NDManager manager;
    private ParameterStore store;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(3);
        manager = NDManager.newBaseManager("PyTorch");
        store = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest(name = "{0} {1} budgets {2},{3},{4}")
    @CsvSource({
        "compact-resnet, paper, 16, 1, 30",
        "compact-resnet, best-first, 16, 64, 5",
        "compact-mobilenetv2, paper, 52, 8, 2"
    })
    void prefixReuseMatchesTheReferenceStateByState(String arch, String order, int b0, int b1, int b2) {
        SegmentedNetwork net = Architectures.build(arch, 10, 8);
        Shape shape = new Shape(3, 1, 56, 56);
        net.initialize(manager, DataType.FLOAT32, shape);
        NDArray images = manager.randomNormal(shape);
        List<Integer> layers = net.defaultSearchedLayers();
        int[] budgets = {b0, b1, b2};

        SearchOrderKind kind = ValueType.ofEnum(SearchOrderKind.class).parse(order).orElseThrow();
        PrefixReuseExecutor fast = new PrefixReuseExecutor(net, store, layers, images,
                kind == SearchOrderKind.PAPER ? budgets : null);
        ReferenceExecutor reference = new ReferenceExecutor(net, store, layers, images);
        List<SearchResult> fastResults = search(fast, fast.strides(), budgets, order);
        List<SearchResult> referenceResults = search(reference, reference.strides(), budgets, order);

        for (int image = 0; image < budgets.length; image++) {
            List<Node> a = fastResults.get(image).candidates();
            List<Node> b = referenceResults.get(image).candidates();
            assertEquals(states(b), states(a), "same states, same order");
            assertEquals(budgets[image], a.size());
            for (int p = 0; p < a.size(); p++) {
                assertClose(b.get(p).logits(), a.get(p).logits(), "logits of " + a.get(p).state());
            }
            NDArray mapsA = fast.finalMaps(image, states(a));
            NDArray mapsB = reference.finalMaps(image, states(b));
            float diff = mapsA.sub(mapsB).abs().max().getFloat();
            assertTrue(diff <= TOLERANCE, "final maps differ by " + diff);
        }
        assertTrue(fast.macs() < reference.macs(), "prefix reuse does less work: " + fast.macs() + " vs "
                + reference.macs());
        PrefixReuseExecutor asAsked = new PrefixReuseExecutor(net, store, layers, images);
        search(asAsked, asAsked.strides(), budgets, order);
        assertEquals(asAsked.macs(), fast.macs(), "running forced expansions ahead computes no extra state");
    }

    @Test
    void paperOrderRunsItsForcedExpansionsAheadInFewerPasses() {
        SegmentedNetwork net = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        Shape shape = new Shape(1, 1, 56, 56);
        net.initialize(manager, DataType.FLOAT32, shape);
        NDArray images = manager.randomNormal(shape);
        PrefixReuseExecutor ahead = new PrefixReuseExecutor(net, store, net.defaultSearchedLayers(), images,
                new int[] {16});
        PrefixReuseExecutor asAsked = new PrefixReuseExecutor(net, store, net.defaultSearchedLayers(), images);
        SearchResult a = search(ahead, ahead.strides(), new int[] {16}, "paper").get(0);
        SearchResult b = search(asAsked, asAsked.strides(), new int[] {16}, "paper").get(0);
        assertEquals(5, a.networkCalls(), "the search still counts the official network calls");
        assertEquals(5, asAsked.passes());
        // The root, (0,·,·) and (0,1,·) share the first pass; the fourth expansion is picked by score, and when it
        // decides a layer before the last its forced k=1 child rides along, so 2 or 3 passes remain of 5.
        assertTrue(ahead.passes() == 2 || ahead.passes() == 3, "passes: " + ahead.passes());
        assertEquals(states(b.candidates()), states(a.candidates()));
    }

    @Test
    void earlyExitRunsTheForcedExpansionsAheadOnlyForImagesThatGoOn() {
        SegmentedNetwork net = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        Shape shape = new Shape(1, 1, 56, 56);
        net.initialize(manager, DataType.FLOAT32, shape);
        NDArray images = manager.randomNormal(shape);
        List<Integer> layers = net.defaultSearchedLayers();
        PrefixReuseExecutor ahead = new PrefixReuseExecutor(net, store, layers, images, new int[] {16});
        PrefixReuseExecutor probing = new PrefixReuseExecutor(net, store, layers, images, new int[] {16});
        SearchResult plain = search(ahead, ahead.strides(), new int[] {16}, "paper").get(0);
        // A threshold no prediction of random weights gets under: the image probes its default phase, then goes on.
        SearchResult probed = SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(probing)
                .optEarlyExitEntropy(1e-9).build()
                .run(List.of(new SearchTree(probing.strides(), 16, SearchOrderKind.PAPER))).get(0);
        assertEquals(states(plain.candidates()), states(probed.candidates()));
        // The probe is one more pass; the root's other phases then carry its default child's forced expansion,
        // entering from the probe's cached activation, so nothing else changes.
        assertEquals(ahead.passes() + 1, probing.passes());
        assertEquals(ahead.macs(), probing.macs());

        // An image that exits computes its default state and nothing ahead of it.
        PrefixReuseExecutor exiting = new PrefixReuseExecutor(net, store, layers, images, new int[] {16});
        SearchResult exited = SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(exiting)
                .optEarlyExitEntropy(1.0).build()
                .run(List.of(new SearchTree(exiting.strides(), 16, SearchOrderKind.PAPER))).get(0);
        PrefixReuseExecutor vanilla = new PrefixReuseExecutor(net, store, layers, images, new int[] {1});
        search(vanilla, vanilla.strides(), new int[] {1}, "paper");
        assertTrue(exited.exitedEarly());
        assertEquals(vanilla.macs(), exiting.macs());
    }

    @Test
    void budgetOneIsExactlyTheVanillaForwardPass() {
        SegmentedNetwork net = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        Shape shape = new Shape(2, 1, 56, 56);
        net.initialize(manager, DataType.FLOAT32, shape);
        NDArray images = manager.randomNormal(shape);
        float[] vanilla = net.forward(store, new NDList(images), false).singletonOrThrow().toFloatArray();
        PrefixReuseExecutor fast = new PrefixReuseExecutor(net, store, net.defaultSearchedLayers(), images);
        List<SearchResult> results = search(fast, fast.strides(), new int[] {1, 1}, "paper");
        for (int image = 0; image < 2; image++) {
            float[] logits = results.get(image).candidates().get(0).logits();
            float[] expected = java.util.Arrays.copyOfRange(vanilla, image * 10, image * 10 + 10);
            assertArrayEquals(expected, logits, 0f);
            assertEquals(1, results.get(image).networkCalls());
        }
    }

    private static List<SearchResult> search(Expander expander, List<Integer> strides, int[] budgets, String order) {
        List<SearchTree> trees = new ArrayList<>();
        for (int budget : budgets) {
            trees.add(new SearchTree(strides, budget, ValueType.ofEnum(SearchOrderKind.class).parse(order).orElseThrow()));
        }
        return SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(expander).build().run(trees);
    }

    private static List<State> states(List<Node> nodes) {
        return nodes.stream().map(Node::state).toList();
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= TOLERANCE, what + ": " + expected[i] + " vs " + actual[i]);
        }
    }
}
