package org.discardsearch.search;

import static org.discardsearch.search.SearchFixtures.THREE_STRIDE_2;
import static org.discardsearch.search.SearchFixtures.completeWithDummyLogits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.discardsearch.config.SearchOrderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The official ordering and its quirks, docs/algorithm.md §4.2 and §4.4. */
class PaperOrderTest {

    /** The smallest seed ≥ 0 of {@link ScriptedExpander#seeded} whose entropies give the order of §4.4e. */
    private static final long SEED_OF_SECTION_4_4_E = 421;

    @Test
    void paperOrderReproducesOfficialExpansionSequence() {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.PAPER, 30, SEED_OF_SECTION_4_4_E);
        List<List<Integer>> expected = List.of(
                List.of(-1, -1, -1), // root
                List.of(0, -1, -1), // the default state: first in the frontier
                List.of(0, 1, -1), // forced: the k=1 child just created
                List.of(3, -1, -1), // the most confident frontier node
                List.of(3, 1, -1), // forced
                List.of(3, 3, -1),
                List.of(0, 2, -1),
                List.of(2, -1, -1),
                List.of(2, 1, -1), // forced
                List.of(2, 3, -1));
        assertEquals(expected, run.expandedStates());
        assertEquals(10, run.result().networkCalls());
        assertEquals(30, run.result().candidates().size());
        Set<Integer> layer0Phases = run.candidateStates().stream().map(s -> s.get(0)).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 2, 3), layer0Phases);
    }

    @Test
    void officialSequenceTableMakesPhase3TheMostConfidentNodeAtTheFourthPick() {
        // At the fourth pick the frontier holds (0,2,·), (0,3,·), (1,·,·), (2,·,·) and (3,·,·).
        ScriptedExpander.LogitsTable table = ScriptedExpander.seeded(SEED_OF_SECTION_4_4_E);
        double best = entropy(table, List.of(3, 0, 0));
        for (List<Integer> other : List.of(List.of(0, 2, 0), List.of(0, 3, 0), List.of(1, 0, 0), List.of(2, 0, 0))) {
            assertTrue(best < entropy(table, other), "(3,·,·) should beat " + other);
        }
    }

    @Test
    void expandsTheFirstNewChildOfTheLastExpansionNextWhateverItsScore() {
        for (long seed = 0; seed < 20; seed++) {
            List<List<Integer>> expanded = SearchRun.entropySearch(SearchOrderKind.PAPER, 52, seed).expandedStates();
            assertEquals(List.of(0, -1, -1), expanded.get(1), "seed " + seed);
            for (int i = 1; i + 1 < expanded.size(); i++) {
                State parent = new State(expanded.get(i));
                State firstChild = parent.withPhase(parent.firstUndecided(), 1);
                if (!firstChild.isLeaf()) {
                    assertEquals(firstChild.phases(), expanded.get(i + 1), "seed " + seed + ", expansion " + i);
                }
            }
        }
    }

    @Test
    void reachesExactly52StatesAndNeverTheZeroMiddleOnes() {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.PAPER, 52, 3);
        Set<List<Integer>> reached = new HashSet<>(run.candidateStates());
        assertEquals(52, reached.size());
        Set<List<Integer>> missing = allStates().filter(state -> !reached.contains(state)).collect(Collectors.toSet());
        Set<List<Integer>> zeroMiddle = allStates()
                .filter(state -> state.get(1) == 0 && state.get(2) != 0)
                .collect(Collectors.toSet());
        assertEquals(12, zeroMiddle.size());
        assertEquals(zeroMiddle, missing);
    }

    @Test
    void rejectsABudgetAboveTheReachableStates() {
        SearchException error = assertThrows(SearchException.class,
                () -> new SearchTree(THREE_STRIDE_2, 64, SearchOrderKind.PAPER));
        assertTrue(error.getMessage().contains("budget = '64'"), error.getMessage());
        assertTrue(error.getMessage().contains("1..52"), error.getMessage());
    }

    static IntStream budgets() {
        return IntStream.rangeClosed(1, 52);
    }

    @ParameterizedTest(name = "B={0}")
    @MethodSource("budgets")
    void networkCallsFollowTheOfficialFormula(int budget) {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.PAPER, budget, 11);
        int expected = budget <= 4 ? 1 : 1 + (budget - 4 + 2) / 3;
        assertEquals(expected, run.result().networkCalls());
        assertEquals(expected, run.expander().calls().size());
        assertEquals(budget, run.result().candidates().size());
    }

    @Test
    void budgetTwoKeepsTheDefaultAndDxOneAtTheFirstSearchedLayer() {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.PAPER, 2, 5);
        List<Node> candidates = run.result().candidates();
        assertEquals(List.of(List.of(0, -1, -1), List.of(1, -1, -1)),
                candidates.stream().map(node -> node.state().phases()).toList());
        assertEquals(new Displacement(1, 0), candidates.get(1).displacement());
        assertEquals(List.of(0, 1), run.expander().calls().get(0).requests().get(0).phases());
    }

    @Test
    void budgetOneIsThePlainForwardPass() {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.PAPER, 1, 5);
        assertEquals(1, run.result().networkCalls());
        assertEquals(1, run.expander().calls().size());
        ExpansionRequest request = run.expander().calls().get(0).requests().get(0);
        assertTrue(request.parent().isRoot());
        assertEquals(List.of(0), request.phases());
        assertEquals(List.of(List.of(0, 0, 0)), run.candidateStates());
    }

    @Test
    void candidatesAreDistinctWithTheDefaultStateFirst() {
        for (int budget : new int[] {7, 30, 52}) {
            for (long seed = 0; seed < 5; seed++) {
                SearchRun run = SearchRun.entropySearch(SearchOrderKind.PAPER, budget, seed);
                List<List<Integer>> states = run.candidateStates();
                assertEquals(budget, new HashSet<>(states).size(), "budget " + budget + ", seed " + seed);
                assertEquals(List.of(0, 0, 0), states.get(0));
                assertEquals(budget, run.result().candidates().stream().map(Node::id).distinct().count());
            }
        }
    }

    @Test
    void phaseZeroIsNeverRequestedAfterTheRoot() {
        SearchRun run = SearchRun.entropySearch(SearchOrderKind.PAPER, 52, 9);
        List<ExpansionRequest> requests = run.expander().calls().stream()
                .flatMap(call -> call.requests().stream())
                .toList();
        assertTrue(requests.get(0).parent().isRoot());
        for (ExpansionRequest request : requests.subList(1, requests.size())) {
            assertFalse(request.parent().isRoot());
            assertFalse(request.phases().contains(0), "phases " + request.phases());
        }
    }

    @Test
    void paperOrderPicksByTheScoresOfThePreviousIteration() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 52, SearchOrderKind.PAPER);
        completeWithDummyLogits(tree); // root -> (0), (1), (2), (3)
        tree.setScores(new double[] {0.5, 0.4, 0.3, 0.2});
        assertEquals(List.of(0, -1, -1), completeWithDummyLogits(tree)); // forced, whatever the scores
        // (0,1), (0,2), (0,3) are inserted with the scores above: the frontier is now
        // (0,1) (0,2) (0,3) (3) (2) (1).
        tree.setScores(new double[] {0.5, 0.4, 0.3, 0.2, 0.9, 0.8, 0.7});
        assertEquals(List.of(0, 1, -1), completeWithDummyLogits(tree)); // still in front: not re-sorted
        // Its leaves are inserted with the second scores: leaves, (3) .2, (2) .3, (1) .4, (0,3) .7, (0,2) .8.
        tree.setScores(new double[] {0.5, 0.01, 0.3, 0.6, 0.9, 0.8, 0.7, 0.1, 0.1, 0.1});
        // Fresh scores would pick (1,·,·) (0.01); the official order still follows the second scores.
        assertEquals(List.of(3, -1, -1), completeWithDummyLogits(tree));
    }

    private static double entropy(ScriptedExpander.LogitsTable table, List<Integer> phases) {
        return EntropyCriterion.normalisedEntropy(table.logits(0, phases));
    }

    private static Stream<List<Integer>> allStates() {
        return IntStream.range(0, 64).mapToObj(code -> List.of(code / 16, code / 4 % 4, code % 4));
    }
}
