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

        PrefixReuseExecutor fast = new PrefixReuseExecutor(net, store, layers, images);
        ReferenceExecutor reference = new ReferenceExecutor(net, store, layers, images);
        List<SearchResult> fastResults = search(fast, fast.strides(), budgets, order, true);
        List<SearchResult> referenceResults = search(reference, reference.strides(), budgets, order, false);

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
        search(asAsked, asAsked.strides(), budgets, order, false);
        assertEquals(asAsked.macs(), fast.macs(), "looking ahead computes no extra state");
    }

    @Test
    void lookaheadRunsPaperOrderAtBudgetSixteenInTwoPasses() {
        Shape shape = new Shape(1, 1, 56, 56);
        SegmentedNetwork net = compactNetwork(shape);
        List<Integer> layers = net.defaultSearchedLayers();
        for (int seed = 0; seed < 4; seed++) {
            NDArray images = manager.randomNormal(0, 1 + seed, shape, DataType.FLOAT32);
            PrefixReuseExecutor ahead = new PrefixReuseExecutor(net, store, layers, images);
            PrefixReuseExecutor asPicked = new PrefixReuseExecutor(net, store, layers, images);
            SearchResult a = search(ahead, ahead.strides(), new int[] {16}, "paper", true).get(0);
            SearchResult b = search(asPicked, asPicked.strides(), new int[] {16}, "paper", false).get(0);
            assertEquals(5, a.networkCalls(), "the search still counts the official network calls");
            assertEquals(5, asPicked.passes());
            // The root, (0,·,·) and (0,1,·) are fixed from the start; the fourth expansion is picked by score
            // and the fifth is fixed by then, whatever the fourth computes.
            assertEquals(2, ahead.passes());
            assertEquals(states(b.candidates()), states(a.candidates()));
            assertEquals(asPicked.macs(), ahead.macs());
        }
    }

    @Test
    void earlyExitLooksAheadOnlyForImagesThatGoOn() {
        Shape shape = new Shape(1, 1, 56, 56);
        SegmentedNetwork net = compactNetwork(shape);
        NDArray images = manager.randomNormal(shape);
        List<Integer> layers = net.defaultSearchedLayers();
        PrefixReuseExecutor ahead = new PrefixReuseExecutor(net, store, layers, images);
        PrefixReuseExecutor probing = new PrefixReuseExecutor(net, store, layers, images);
        SearchResult plain = search(ahead, ahead.strides(), new int[] {16}, "paper", true).get(0);
        // A threshold no prediction of random weights gets under: the image probes its default phase, then goes on.
        SearchResult probed = driver(probing, 1e-9).run(trees(probing, new int[] {16})).get(0);
        assertEquals(states(plain.candidates()), states(probed.candidates()));
        // The probe is one more pass; the root's other phases then carry what follows, from the probe's cache.
        assertEquals(ahead.passes() + 1, probing.passes());
        assertEquals(ahead.macs(), probing.macs());

        // An image that exits computes its default state and nothing ahead of it.
        PrefixReuseExecutor exiting = new PrefixReuseExecutor(net, store, layers, images);
        SearchResult exited = driver(exiting, 1.0).run(trees(exiting, new int[] {16})).get(0);
        PrefixReuseExecutor vanilla = new PrefixReuseExecutor(net, store, layers, images);
        search(vanilla, vanilla.strides(), new int[] {1}, "paper", true);
        assertTrue(exited.exitedEarly());
        assertEquals(vanilla.macs(), exiting.macs());
    }

    @Test
    void lookaheadWithEarlyExitMatchesTheReferenceOnAMixedBatch() {
        Shape shape = new Shape(3, 1, 56, 56);
        SegmentedNetwork net = compactNetwork(shape);
        NDArray images = manager.randomNormal(0, 3, shape, DataType.FLOAT32);
        List<Integer> layers = net.defaultSearchedLayers();
        int[] budgets = {16, 4, 30};
        // A threshold between the images' default entropies: some exit, the others search on.
        PrefixReuseExecutor probe = new PrefixReuseExecutor(net, store, layers, images);
        double[] entropies = search(probe, probe.strides(), new int[] {1, 1, 1}, "paper", false).stream()
                .mapToDouble(r -> EntropyCriterion.normalisedEntropy(r.candidates().get(0).logits()))
                .sorted().toArray();
        double threshold = (entropies[0] + entropies[1]) / 2;

        PrefixReuseExecutor fast = new PrefixReuseExecutor(net, store, layers, images);
        ReferenceExecutor reference = new ReferenceExecutor(net, store, layers, images);
        List<SearchResult> a = driver(fast, threshold).run(trees(fast, budgets));
        List<SearchResult> b = SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(reference)
                .optEarlyExitEntropy(threshold).build().run(trees(reference, budgets));
        int exited = 0;
        for (int image = 0; image < budgets.length; image++) {
            assertEquals(b.get(image).exitedEarly(), a.get(image).exitedEarly());
            assertEquals(states(b.get(image).candidates()), states(a.get(image).candidates()));
            assertEquals(b.get(image).networkCalls(), a.get(image).networkCalls());
            for (int p = 0; p < a.get(image).candidates().size(); p++) {
                assertClose(b.get(image).candidates().get(p).logits(), a.get(image).candidates().get(p).logits(),
                        "image " + image + " candidate " + p);
            }
            exited += a.get(image).exitedEarly() ? 1 : 0;
        }
        assertEquals(1, exited, "the threshold lets exactly the most confident image exit");
    }

    private static List<SearchTree> trees(NetworkEvaluator evaluator, int[] budgets) {
        List<SearchTree> trees = new ArrayList<>();
        for (int budget : budgets) {
            trees.add(new SearchTree(evaluator.strides(), budget, SearchOrderKind.PAPER));
        }
        return trees;
    }

    private SegmentedNetwork compactNetwork(Shape shape) {
        SegmentedNetwork net = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        net.initialize(manager, DataType.FLOAT32, shape);
        return net;
    }

    private static SearchDriver driver(Expander expander, double earlyExit) {
        return SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(expander)
                .optEarlyExitEntropy(earlyExit).optLookahead(true).build();
    }

    @Test
    void budgetOneIsExactlyTheVanillaForwardPass() {
        Shape shape = new Shape(2, 1, 56, 56);
        SegmentedNetwork net = compactNetwork(shape);
        NDArray images = manager.randomNormal(shape);
        float[] vanilla = net.forward(store, new NDList(images), false).singletonOrThrow().toFloatArray();
        PrefixReuseExecutor fast = new PrefixReuseExecutor(net, store, net.defaultSearchedLayers(), images);
        List<SearchResult> results = search(fast, fast.strides(), new int[] {1, 1}, "paper", true);
        for (int image = 0; image < 2; image++) {
            float[] logits = results.get(image).candidates().get(0).logits();
            float[] expected = java.util.Arrays.copyOfRange(vanilla, image * 10, image * 10 + 10);
            assertArrayEquals(expected, logits, 0f);
            assertEquals(1, results.get(image).networkCalls());
        }
    }

    private static List<SearchResult> search(Expander expander, List<Integer> strides, int[] budgets, String order,
            boolean lookahead) {
        List<SearchTree> trees = new ArrayList<>();
        for (int budget : budgets) {
            trees.add(new SearchTree(strides, budget,
                    ValueType.ofEnum(SearchOrderKind.class).parse(order).orElseThrow()));
        }
        return SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(expander)
                .optLookahead(lookahead).build().run(trees);
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
