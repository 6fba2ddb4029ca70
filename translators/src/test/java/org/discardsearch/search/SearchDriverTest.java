package org.discardsearch.search;

import static org.discardsearch.search.SearchFixtures.THREE_STRIDE_2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.discardsearch.config.ErrorCategory;
import org.discardsearch.config.SearchOrderKind;
import org.junit.jupiter.api.Test;

/** Lockstep runs, batching by position, and early exit. */
class SearchDriverTest {

    private static final double EARLY_EXIT = 0.05;

    private static List<SearchResult> run(ScriptedExpander expander, double earlyExit, SearchOrderKind order,
            int budget, int images) {
        List<SearchTree> trees = new ArrayList<>();
        for (int image = 0; image < images; image++) {
            trees.add(new SearchTree(THREE_STRIDE_2, budget, order));
        }
        return SearchDriver.builder()
                .setCriterion(new EntropyCriterion())
                .setExpander(expander)
                .optEarlyExitEntropy(earlyExit)
                .build()
                .run(trees);
    }

    @Test
    void lockstepResultsEqualEachImageSearchedAlone() {
        long[] seeds = {421, 17};
        for (SearchOrderKind order : SearchOrderKind.values()) {
            ScriptedExpander together = new ScriptedExpander(ScriptedExpander.seeded(seeds));
            List<SearchResult> results = run(together, 0, order, 30, 2);
            for (int image = 0; image < 2; image++) {
                SearchRun alone = SearchRun.entropySearch(order, 30, seeds[image]);
                assertSameCandidates(alone.result(), results.get(image));
                assertEquals(alone.expandedStates(), together.expandedStates(image));
            }
        }
    }

    @Test
    void expanderCallsAreGroupedByPositionWithinEachIteration() {
        long[] seeds = {421, 17};
        ScriptedExpander together = new ScriptedExpander(ScriptedExpander.seeded(seeds));
        run(together, 0, SearchOrderKind.PAPER, 30, 2);
        List<List<Integer>> positionsAlone = new ArrayList<>();
        for (long seed : seeds) {
            positionsAlone.add(SearchRun.entropySearch(SearchOrderKind.PAPER, 30, seed).expandedStates().stream()
                    .map(state -> new State(state).firstUndecided())
                    .toList());
        }
        // Iteration t makes one call per distinct position among the images still searching, ascending.
        List<Integer> expectedCallPositions = new ArrayList<>();
        boolean someIterationSplit = false;
        for (int t = 0; t < Math.max(positionsAlone.get(0).size(), positionsAlone.get(1).size()); t++) {
            Set<Integer> positions = new TreeSet<>();
            for (List<Integer> alone : positionsAlone) {
                if (t < alone.size()) {
                    positions.add(alone.get(t));
                }
            }
            someIterationSplit |= positions.size() > 1;
            expectedCallPositions.addAll(positions);
        }
        assertTrue(someIterationSplit, "the seeds should make the images decide different layers at some point");
        List<Integer> callPositions = new ArrayList<>();
        for (ScriptedExpander.Call call : together.calls()) {
            assertEquals(1, call.positions().size(), "one position per call");
            callPositions.add(call.positions().get(0));
        }
        assertEquals(expectedCallPositions, callPositions);
    }

    @Test
    void confidentDefaultExitsAfterOneCallWithOneCandidate() {
        ScriptedExpander expander = new ScriptedExpander(
                ScriptedExpander.withConfidentDefault(ScriptedExpander.seeded(3), Set.of(0)));
        SearchResult result = run(expander, EARLY_EXIT, SearchOrderKind.PAPER, 16, 1).get(0);
        assertTrue(result.exitedEarly());
        assertEquals(1, result.networkCalls());
        assertEquals(1, result.candidates().size());
        assertEquals(List.of(0, -1, -1), result.candidates().get(0).state().phases());
        assertEquals(1, expander.calls().size());
        assertEquals(List.of(0), expander.calls().get(0).requests().get(0).phases());
    }

    @Test
    void imageThatDoesNotExitGetsTheSameResultAsWithoutEarlyExit() {
        for (SearchOrderKind order : SearchOrderKind.values()) {
            ScriptedExpander withExit = new ScriptedExpander(ScriptedExpander.seeded(421));
            SearchResult exitOn = run(withExit, EARLY_EXIT, order, 30, 1).get(0);
            ScriptedExpander withoutExit = new ScriptedExpander(ScriptedExpander.seeded(421));
            SearchResult exitOff = run(withoutExit, 0, order, 30, 1).get(0);
            assertFalse(exitOn.exitedEarly());
            assertSameCandidates(exitOff, exitOn);
            assertEquals(exitOff.networkCalls(), exitOn.networkCalls());
            // The root call is split into phase 0, then phases 1..3.
            assertEquals(withoutExit.calls().size() + 1, withExit.calls().size());
            assertEquals(List.of(0), withExit.calls().get(0).requests().get(0).phases());
            assertEquals(List.of(1, 2, 3), withExit.calls().get(1).requests().get(0).phases());
        }
    }

    @Test
    void onlyTheImagesThatDoNotExitGetTheRestOfTheRootCall() {
        ScriptedExpander expander = new ScriptedExpander(
                ScriptedExpander.withConfidentDefault(ScriptedExpander.seeded(3, 421), Set.of(0)));
        List<SearchResult> results = run(expander, EARLY_EXIT, SearchOrderKind.PAPER, 30, 2);
        assertTrue(results.get(0).exitedEarly());
        assertFalse(results.get(1).exitedEarly());
        assertEquals(30, results.get(1).candidates().size());
        assertEquals(List.of(0, 1), images(expander.calls().get(0)));
        assertEquals(List.of(1), images(expander.calls().get(1)));
        assertEquals(List.of(1, 2, 3), expander.calls().get(1).requests().get(0).phases());
        expander.calls().subList(1, expander.calls().size())
                .forEach(call -> assertEquals(List.of(1), images(call)));
    }

    @Test
    void budgetOneWithEarlyExitMakesASingleCall() {
        ScriptedExpander expander = new ScriptedExpander(ScriptedExpander.seeded(421));
        SearchResult result = run(expander, EARLY_EXIT, SearchOrderKind.PAPER, 1, 1).get(0);
        assertFalse(result.exitedEarly());
        assertEquals(1, result.candidates().size());
        assertEquals(1, expander.calls().size());
    }

    @Test
    void scoresOnlyAfterTheFirstIterationAndOnlyUnfinishedTrees() {
        List<Integer> candidateCountsScored = new ArrayList<>();
        Criterion recording = (image, candidates) -> {
            candidateCountsScored.add(candidates.size());
            return new EntropyCriterion().scores(image, candidates);
        };
        List<SearchTree> trees = List.of(new SearchTree(THREE_STRIDE_2, 10, SearchOrderKind.PAPER));
        SearchDriver.builder()
                .setCriterion(recording)
                .setExpander(new ScriptedExpander(ScriptedExpander.seeded(5)))
                .build()
                .run(trees);
        assertEquals(List.of(4, 7), candidateCountsScored); // never before the root call, never after the end
    }

    @Test
    void rejectsAnExpanderAnswerWithTheWrongNumberOfChildren() {
        Expander shortAnswer = requests -> requests.stream().map(request -> List.of(new float[] {1f})).toList();
        SearchDriver driver = SearchDriver.builder()
                .setCriterion(new EntropyCriterion())
                .setExpander(shortAnswer)
                .build();
        List<SearchTree> trees = List.of(new SearchTree(THREE_STRIDE_2, 4, SearchOrderKind.PAPER),
                new SearchTree(THREE_STRIDE_2, 4, SearchOrderKind.PAPER));
        SearchException error = assertThrows(SearchException.class, () -> driver.run(trees));
        assertTrue(error.getMessage().contains("image 0 at position 0: got '1'; expected 4"), error.getMessage());
        assertEquals(ErrorCategory.INTERNAL, error.category());
    }

    @Test
    void rejectsAReusedTree() {
        SearchTree tree = new SearchTree(THREE_STRIDE_2, 4, SearchOrderKind.PAPER);
        SearchDriver driver = SearchDriver.builder()
                .setCriterion(new EntropyCriterion())
                .setExpander(new ScriptedExpander(ScriptedExpander.seeded(1)))
                .build();
        driver.run(List.of(tree));
        SearchException error = assertThrows(SearchException.class, () -> driver.run(List.of(tree)));
        assertTrue(error.getMessage().contains("image = '0'"), error.getMessage());
    }

    @Test
    void builderRequiresACriterionAndAnExpander() {
        SearchException error = assertThrows(SearchException.class,
                () -> SearchDriver.builder().setCriterion(new EntropyCriterion()).build());
        assertTrue(error.getMessage().contains("expander = 'null'"), error.getMessage());
        assertEquals(ErrorCategory.BAD_CONFIG, error.category());
    }

    private static void assertSameCandidates(SearchResult expected, SearchResult actual) {
        assertEquals(expected.candidates().size(), actual.candidates().size());
        for (int i = 0; i < expected.candidates().size(); i++) {
            Node want = expected.candidates().get(i);
            Node got = actual.candidates().get(i);
            assertEquals(want.state(), got.state(), "candidate " + i);
            assertEquals(want.id(), got.id(), "candidate " + i);
            assertArrayEquals(want.logits(), got.logits(), "candidate " + i);
        }
        assertEquals(expected.networkCalls(), actual.networkCalls());
    }

    private static List<Integer> images(ScriptedExpander.Call call) {
        return call.requests().stream().map(ExpansionRequest::image).toList();
    }
}
