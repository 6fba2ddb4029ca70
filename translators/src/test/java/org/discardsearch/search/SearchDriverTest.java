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
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.SearchOrderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lockstep runs, one call per iteration, lookahead, and early exit. */
class SearchDriverTest {

    private static final double EARLY_EXIT = 0.05;

    private static List<SearchResult> run(ScriptedExpander expander, double earlyExit, SearchOrderKind order,
            int budget, int images) {
        return run(expander, earlyExit, order, budget, images, false);
    }

    private static List<SearchResult> run(ScriptedExpander expander, double earlyExit, SearchOrderKind order,
            int budget, int images, boolean lookahead) {
        List<SearchTree> trees = new ArrayList<>();
        for (int image = 0; image < images; image++) {
            trees.add(new SearchTree(THREE_STRIDE_2, budget, order));
        }
        return SearchDriver.builder()
                .setCriterion(new EntropyCriterion())
                .setExpander(expander)
                .optEarlyExitEntropy(earlyExit)
                .optLookahead(lookahead)
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
    void oneExpanderCallPerIterationHoldsEveryImageStillSearching() {
        long[] seeds = {421, 17};
        ScriptedExpander together = new ScriptedExpander(ScriptedExpander.seeded(seeds));
        run(together, 0, SearchOrderKind.PAPER, 30, 2);
        List<List<List<Integer>>> alone = new ArrayList<>();
        for (long seed : seeds) {
            alone.add(SearchRun.entropySearch(SearchOrderKind.PAPER, 30, seed).expandedStates());
        }
        int iterations = Math.max(alone.get(0).size(), alone.get(1).size());
        assertEquals(iterations, together.calls().size());
        boolean mixedPositions = false;
        for (int t = 0; t < iterations; t++) {
            List<Integer> searching = new ArrayList<>();
            for (int image = 0; image < 2; image++) {
                if (t < alone.get(image).size()) {
                    searching.add(image);
                }
            }
            ScriptedExpander.Call call = together.calls().get(t);
            assertEquals(searching, images(call), "iteration " + t);
            mixedPositions |= call.positions().size() > 1;
        }
        assertTrue(mixedPositions, "the seeds should make the images decide different layers in one call");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5, 7, 10, 16, 30, 52})
    void lookaheadExpandsTheSameStatesInFewerCalls(int budget) {
        long[] seeds = {421, 17, 5};
        ScriptedExpander plain = new ScriptedExpander(ScriptedExpander.seeded(seeds));
        ScriptedExpander ahead = new ScriptedExpander(ScriptedExpander.seeded(seeds));
        List<SearchResult> expected = run(plain, 0, SearchOrderKind.PAPER, budget, 3);
        List<SearchResult> actual = run(ahead, 0, SearchOrderKind.PAPER, budget, 3, true);
        for (int image = 0; image < 3; image++) {
            assertSameCandidates(expected.get(image), actual.get(image));
            assertEquals(expected.get(image).networkCalls(), actual.get(image).networkCalls());
            assertEquals(plain.expandedStates(image), ahead.expandedStates(image), "nothing computed in vain");
        }
        assertTrue(ahead.calls().size() <= plain.calls().size());
        if (budget == 16) {
            // Root, (0,·,·), (0,1,·) in the first call; the 4th expansion and the 5th, fixed by then, in the second.
            assertEquals(5, plain.calls().size());
            assertEquals(2, ahead.calls().size());
        }
    }

    @Test
    void aLookaheadThatMissesIsDroppedAndThePickComputed() {
        // State (1,·,·) is certain (normalised entropy exactly 0), so after (0,·,·) is expanded it ties with the
        // new children at score 0 and, older, is picked first: the lookahead's (0,1,·) is not what paper order
        // expands next.
        ScriptedExpander.LogitsTable seeded = ScriptedExpander.seeded(421);
        ScriptedExpander.LogitsTable table = (image, phases) -> {
            if (phases.equals(List.of(1, 0, 0))) {
                float[] certain = new float[ScriptedExpander.CLASSES];
                certain[3] = 1000;
                return certain;
            }
            return seeded.logits(image, phases);
        };
        ScriptedExpander plain = new ScriptedExpander(table);
        ScriptedExpander ahead = new ScriptedExpander(table);
        SearchResult expected = run(plain, 0, SearchOrderKind.PAPER, 16, 1).get(0);
        SearchResult actual = run(ahead, 0, SearchOrderKind.PAPER, 16, 1, true).get(0);
        assertSameCandidates(expected, actual);
        assertEquals(List.of(1, -1, -1), plain.expandedStates(0).get(2), "(1,·,·) is expanded third");
        List<List<Integer>> computed = ahead.expandedStates(0);
        assertTrue(computed.contains(List.of(0, 1, -1)) && !plain.expandedStates(0).contains(List.of(0, 1, -1)),
                "the missed lookahead was computed, and never used: " + computed);
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
