package org.discardsearch.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the executors leave open on the images' manager: only what the search still needs (docs/performance.md). */
class ExecutorMemoryTest {

    private static final Shape SHAPE = new Shape(2, 1, 56, 56);
    private static final int[] BUDGETS = {16, 9};

    private NDManager manager;
    private ParameterStore store;
    private SegmentedNetwork network;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager("PyTorch");
        store = new ParameterStore(manager, false);
        network = Architectures.build(Architecture.COMPACT_RESNET, 10, 8);
        network.initialize(manager, DataType.FLOAT32, SHAPE);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void prefixReuseKeepsOneBatchPerSegmentRunAndNoIntermediates() {
        try (NDManager call = manager.newSubManager()) {
            NDArray images = call.randomNormal(SHAPE);
            PrefixReuseExecutor executor = new PrefixReuseExecutor(network, store, network.defaultSearchedLayers(),
                    images);
            List<Integer> starts = new ArrayList<>();
            search(requests -> {
                starts.add(requests.stream().mapToInt(ExpansionRequest::position).min().orElseThrow());
                return executor.expand(requests);
            }, executor.strides());
            // The images, the prefixes (one batch, first pass), then per pass one output per segment it ran.
            int depth = executor.strides().size();
            int kept = 2 + starts.stream().mapToInt(start -> depth - start).sum();
            assertEquals(executor.passes(), starts.size());
            assertEquals(kept, call.getManagedArrays().size(), "arrays open after the search");
        }
    }

    @Test
    void referenceKeepsOnlyTheFinalMapOfEachState() {
        try (NDManager call = manager.newSubManager()) {
            NDArray images = call.randomNormal(SHAPE);
            ReferenceExecutor executor = new ReferenceExecutor(network, store, network.defaultSearchedLayers(),
                    images);
            List<SearchResult> results = search(executor, executor.strides());
            int states = results.stream().mapToInt(result -> result.candidates().size()).sum();
            assertEquals(BUDGETS[0] + BUDGETS[1], states);
            assertEquals(1 + states, call.getManagedArrays().size(), "the images and one final map per state");
        }
    }

    private static List<SearchResult> search(Expander expander, List<Integer> strides) {
        List<SearchTree> trees = new ArrayList<>();
        for (int budget : BUDGETS) {
            trees.add(new SearchTree(strides, budget, SearchOrderKind.PAPER));
        }
        return SearchDriver.builder().setCriterion(new EntropyCriterion()).setExpander(expander)
                .optLookahead(true).build().run(trees);
    }
}
