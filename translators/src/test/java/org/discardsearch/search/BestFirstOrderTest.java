package org.discardsearch.search;

import static org.discardsearch.search.SearchFixtures.THREE_STRIDE_2;
import static org.discardsearch.search.SearchFixtures.completeWithDummyLogits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.discardsearch.config.SearchOrderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The best-first order: fresh scores and every state reachable. */
class BestFirstOrderTest {

    @Test
    void reachesAll64States() {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.BEST_FIRST, 64, 4);
        assertEquals(64, new HashSet<>(run.candidateStates()).size());
        assertEquals(List.of(0, 0, 0), run.candidateStates().get(0));
        // Root, 4 layer-0 nodes, their 4 zero continuations and 12 layer-1 nodes: 1 + 4 + 4 + 12.
        assertEquals(21, run.result().networkCalls());
    }

    @Test
    void rejectsABudgetAboveAllStates() {
        SearchException error = assertThrows(SearchException.class,
                () -> new SearchTree(THREE_STRIDE_2, 65, SearchOrderKind.BEST_FIRST));
        assertTrue(error.getMessage().contains("budget = '65'"), error.getMessage());
        assertTrue(error.getMessage().contains("1..64"), error.getMessage());
    }

    static IntStream budgets() {
        return IntStream.rangeClosed(1, 64);
    }

    @ParameterizedTest(name = "B={0}")
    @MethodSource("budgets")
    void keepsDistinctStatesAndNeverRequestsPhaseZeroAfterTheRoot(int budget) {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.BEST_FIRST, budget, 8);
        assertEquals(budget, new HashSet<>(run.candidateStates()).size());
        assertEquals(budget <= 4 ? 1 : 1 + (budget - 4 + 2) / 3, run.result().networkCalls());
        run.expander().calls().stream()
                .flatMap(call -> call.requests().stream())
                .filter(request -> !request.parent().isRoot())
                .forEach(request -> assertFalse(request.phases().contains(0), "phases " + request.phases()));
    }

    @Test
    void bestFirstPicksByTheScoresOfTheCurrentIteration() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 64, SearchOrderKind.BEST_FIRST);
        completeWithDummyLogits(tree); // root -> (0), (1), (2), (3)
        tree.setScores(new double[] {0.5, 0.4, 0.3, 0.2});
        assertEquals(List.of(3, -1, -1), completeWithDummyLogits(tree)); // no forced dive into the default
        tree.setScores(new double[] {0.5, 0.01, 0.3, 0.6, 0.9, 0.8, 0.7});
        assertEquals(List.of(1, -1, -1), completeWithDummyLogits(tree)); // the scores just written decide
    }

    @Test
    void anExpandedNodeStaysReachableWithItsExpandedLayerSetToZero() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 64, SearchOrderKind.BEST_FIRST);
        completeWithDummyLogits(tree);
        tree.setScores(new double[] {0.1, 0.4, 0.3, 0.2});
        assertEquals(List.of(0, -1, -1), completeWithDummyLogits(tree));
        Node defaultNode = tree.candidates().get(0);
        tree.setScores(new double[] {0.1, 0.4, 0.3, 0.2, 0.9, 0.8, 0.7});

        Expansion continuation = tree.pick().orElseThrow();
        assertSame(defaultNode, continuation.parent()); // its cached activations serve
        assertEquals(List.of(0, 0, -1), continuation.state().phases());
        assertEquals(2, continuation.position());
        assertEquals(List.of(1, 2, 3), continuation.phasesToCompute());
        tree.addChildren(continuation, List.of(new float[] {1f}, new float[] {2f}, new float[] {3f}));
        assertEquals(List.of(List.of(0, 0, 1), List.of(0, 0, 2), List.of(0, 0, 3)),
                tree.candidates().subList(7, 10).stream().map(node -> node.state().phases()).toList());
    }
}
