package org.discardsearch.search;

import static org.discardsearch.search.SearchFixtures.THREE_STRIDE_2;
import static org.discardsearch.search.SearchFixtures.completeWithDummyLogits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.SearchOrderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract of {@link SearchTree}, independent of any order's quirks. */
class SearchTreeTest {

    @ParameterizedTest(name = "D={0}")
    @CsvSource({"1, 4, 4", "2, 16, 16", "3, 52, 64", "4, 160, 256", "5, 484, 1024"})
    void reachableStatesFollowTheFormulaOfEachOrder(int depth, int paper, int bestFirst) {
        List<Integer> strides = Collections.nCopies(depth, 2);
        assertEquals(paper, SearchTree.reachableStates(strides, SearchOrderKind.PAPER));
        assertEquals(4 * ((int) Math.pow(3, depth) - 1) / 2, paper);
        assertEquals(bestFirst, SearchTree.reachableStates(strides, SearchOrderKind.BEST_FIRST));
    }

    @Test
    void reachableStatesHandleMixedStrides() {
        // Paper: 4·(1 + 8 + 8·3); best-first: 4·9·4.
        assertEquals(132, SearchTree.reachableStates(List.of(2, 3, 2), SearchOrderKind.PAPER));
        assertEquals(144, SearchTree.reachableStates(List.of(2, 3, 2), SearchOrderKind.BEST_FIRST));
    }

    @ParameterizedTest
    @EnumSource(SearchOrderKind.class)
    void rejectsABudgetBelowOne(SearchOrderKind order) {
        SearchException error = assertThrows(SearchException.class, () -> new SearchTree(THREE_STRIDE_2, 0, order));
        assertTrue(error.getMessage().contains("budget = '0'"), error.getMessage());
        assertEquals(ErrorCategory.BAD_CONFIG, error.category());
    }

    @Test
    void rejectsAStrideBelowTwo() {
        SearchException error = assertThrows(SearchException.class,
                () -> new SearchTree(List.of(2, 1), 4, SearchOrderKind.PAPER));
        assertTrue(error.getMessage().contains("stride = '1'"), error.getMessage());
    }

    @Test
    void rootExpansionAsksOnlyForWhatTheBudgetTakes() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 3, SearchOrderKind.PAPER);
        Expansion root = tree.pick().orElseThrow();
        assertTrue(root.isRoot());
        assertEquals(0, root.position());
        assertEquals(List.of(0, 1, 2), root.phasesToCompute());
    }

    @Test
    void lastExpansionIsCutToTheRoomLeftInTheBudget() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 6, SearchOrderKind.PAPER);
        completeWithDummyLogits(tree);
        tree.setScores(new double[] {0.1, 0.2, 0.3, 0.4});
        Expansion last = tree.pick().orElseThrow();
        assertEquals(List.of(1, 2), last.phasesToCompute());
        tree.addChildren(last, List.of(new float[] {1f}, new float[] {2f}));
        assertTrue(tree.isFinished());
        assertTrue(tree.pick().isEmpty());
        assertEquals(2, tree.expansions());
    }

    @Test
    void nodeIdsNumberCandidatesInInsertionOrder() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 10, SearchOrderKind.PAPER);
        completeWithDummyLogits(tree);
        tree.setScores(new double[4]);
        completeWithDummyLogits(tree);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), tree.candidates().stream().map(Node::id).toList());
    }

    @Test
    void candidatesKeepACopyOfTheirLogits() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 1, SearchOrderKind.PAPER);
        Expansion root = tree.pick().orElseThrow();
        float[] logits = {1f, 2f};
        tree.addChildren(root, List.of(logits));
        logits[0] = 9f;
        Node node = tree.candidates().get(0);
        node.logits()[1] = 9f;
        assertArrayEquals(new float[] {1f, 2f}, node.logits());
    }

    @Test
    void rootHasNoLogits() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 4, SearchOrderKind.PAPER);
        Node root = tree.pick().orElseThrow().parent();
        SearchException error = assertThrows(SearchException.class, root::logits);
        assertEquals(ErrorCategory.INTERNAL, error.category());
    }

    @Test
    void rejectsASecondPickBeforeTheFirstIsCompleted() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 4, SearchOrderKind.PAPER);
        tree.pick();
        SearchException error = assertThrows(SearchException.class, tree::pick);
        assertTrue(error.getMessage().contains("[-1, -1, -1]"), error.getMessage());
        assertFalse(tree.isFinished());
    }

    @Test
    void rejectsTheWrongNumberOfChildLogits() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 4, SearchOrderKind.PAPER);
        Expansion root = tree.pick().orElseThrow();
        SearchException error = assertThrows(SearchException.class,
                () -> tree.addChildren(root, List.of(new float[] {1f})));
        assertTrue(error.getMessage().contains("got '1'; expected 4"), error.getMessage());
        assertEquals(0, tree.candidates().size());
    }

    @Test
    void rejectsScoresOfTheWrongLengthOrNaN() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 8, SearchOrderKind.PAPER);
        completeWithDummyLogits(tree);
        SearchException length = assertThrows(SearchException.class, () -> tree.setScores(new double[3]));
        assertTrue(length.getMessage().contains("got '3'; expected 4"), length.getMessage());
        SearchException nan = assertThrows(SearchException.class,
                () -> tree.setScores(new double[] {0, Double.NaN, 0, 0}));
        assertTrue(nan.getMessage().contains("'NaN'"), nan.getMessage());
    }

    @Test
    void earlyExitKeepsOnlyTheDefaultStateAndEndsTheSearch() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 16, SearchOrderKind.PAPER);
        tree.exitEarly(tree.pick().orElseThrow(), new float[] {5f, 0f});
        assertTrue(tree.exitedEarly());
        assertTrue(tree.isFinished());
        assertEquals(1, tree.expansions());
        assertEquals(List.of(0, -1, -1), tree.candidates().get(0).state().phases());
        assertTrue(tree.pick().isEmpty());
    }

    @Test
    void rejectsEarlyExitAfterTheRoot() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 16, SearchOrderKind.PAPER);
        completeWithDummyLogits(tree);
        tree.setScores(new double[4]);
        Expansion second = tree.pick().orElseThrow();
        SearchException error = assertThrows(SearchException.class, () -> tree.exitEarly(second, new float[] {1f}));
        assertTrue(error.getMessage().contains("[0, -1, -1]"), error.getMessage());
    }
}
