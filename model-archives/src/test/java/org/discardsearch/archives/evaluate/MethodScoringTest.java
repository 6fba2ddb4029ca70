package org.discardsearch.archives.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.SearchOrderKind;
import org.junit.jupiter.api.Test;

/**
 * The evaluation's bookkeeping on a hand-made table of six images and three classes, where every number can be
 * checked by hand: which images flip right or wrong, the calls, early exit per view, and the averaging of views.
 */
class MethodScoringTest {

    private static final List<Integer> LAYERS = List.of(1, 2, 3);
    private static final SearchSpec SPEC = new SearchSpec(LAYERS, SearchOrderKind.PAPER, CriterionKind.ENTROPY,
            AggregationKind.ENTROPY);
    private static final int[] LABELS = {0, 1, 2, 0, 1, 2};

    /** Plain predictions 0, 1, 0, 1, 1, 2: right on images 0, 1, 4, 5. Image 1 is confident. */
    private static final float[] PLAIN = {
        3, 0, 0,
        0, 20, 0,
        2, 0, 1,
        0, 2, 0,
        0, 1, 0,
        0, 0, 1};

    /** Search at B=4 predicts 0, 2, 2, 0, 0, 2: right on images 0, 2, 3, 5 (fixes 2 and 3, breaks 1 and 4). */
    private static final float[] SEARCH = {
        3, 0, 0,
        0, 0, 1,
        0, 0, 4,
        5, 0, 0,
        1, 0, 0,
        0, 0, 2};

    /** The mirrored view's plain logits: all predict class 2. */
    private static final float[] FLIP_PLAIN = {
        0, 0, 1,
        0, 0, 1,
        0, 0, 9,
        0, 0, 1,
        0, 0, 1,
        0, 0, 1};

    private static MethodScoring scoring() {
        LogitTable table = new LogitTable(LABELS, 3);
        table.putVanilla(LAYERS, ImageView.ORIGINAL, 0, PLAIN);
        table.putVanilla(LAYERS, ImageView.FLIP, 0, FLIP_PLAIN);
        table.putSearch(SPEC, ImageView.ORIGINAL, 4, 0, SEARCH, new int[] {1, 1, 2, 1, 1, 2});
        table.putSearch(SPEC, ImageView.FLIP, 4, 0, FLIP_PLAIN, new int[] {1, 1, 1, 1, 1, 1});
        return new MethodScoring(table, LAYERS);
    }

    @Test
    void countsImagesThatFlipRightAndWrong() {
        MethodResult r = scoring().score(Method.search(SPEC, 4, 0, false), null);
        assertEquals(6, r.images());
        assertEquals(4, r.correct());
        assertEquals(2, r.flippedRight());
        assertEquals(2, r.flippedWrong());
        assertEquals(4 / 6.0, r.accuracy(), 1e-12);
        assertEquals(0.0, r.gain(), 1e-12);
        assertEquals(1.0, r.mcNemarP(), 1e-12);
        assertEquals(8 / 6.0, r.callsPerImage(), 1e-12);
    }

    @Test
    void gainIntervalAndPValueComeFromTheDiscordantCounts() {
        // On images 1..5 only: the search fixes 2 and 3 and breaks 1 and 4; on 2, 3, 5: fixes two, breaks none.
        MethodResult r = scoring().score(Method.search(SPEC, 4, 0, false), new int[] {2, 3, 5});
        assertEquals(3, r.images());
        assertEquals(2, r.flippedRight());
        assertEquals(0, r.flippedWrong());
        assertEquals(2 / 3.0, r.gain(), 1e-12);
        // exact McNemar, b = 0, c = 2: p = 2 * (1/2)^2 = 0.5
        assertEquals(0.5, r.mcNemarP(), 1e-12);
        // paired Wald: se = sqrt(b + c - (c - b)^2 / n) / n = sqrt(2 - 4/3) / 3
        double se = Math.sqrt(2 - 4 / 3.0) / 3;
        assertEquals(2 / 3.0 - 1.959963984540054 * se, r.gainLower(), 1e-12);
        assertEquals(2 / 3.0 + 1.959963984540054 * se, r.gainUpper(), 1e-12);
    }

    @Test
    void earlyExitKeepsThePlainAnswerOfConfidentImagesAtOneCall() {
        // Only image 1 (logits 0, 20, 0) has a normalised entropy below 0.01: it keeps its right plain answer.
        MethodResult r = scoring().score(Method.search(SPEC, 4, 0.01, false), null);
        assertEquals(5, r.correct());
        assertEquals(2, r.flippedRight());
        assertEquals(1, r.flippedWrong());
        assertEquals((1 + 1 + 2 + 1 + 1 + 2) / 6.0, r.callsPerImage(), 1e-12);
        assertEquals(1 / 6.0, r.exitRate(), 1e-12);
    }

    @Test
    void flipAveragesTheLogitsOfBothViewsAndAddsTheirCalls() {
        MethodScoring scoring = scoring();
        // plain + mirrored: sums 3,0,1 | 0,20,1 | 2,0,10 | 0,2,1 | 0,1,1 | 0,0,2
        assertArrayEquals(new int[] {0, 1, 2, 1, 1, 2}, scoring.predictions(Method.flipTta()));
        MethodResult flipTta = scoring.score(Method.flipTta(), null);
        assertEquals(1, flipTta.flippedRight());
        assertEquals(0, flipTta.flippedWrong());
        assertEquals(2.0, flipTta.callsPerImage(), 1e-12);
        // search + mirrored: sums 3,0,1 | 0,0,2 | 0,0,13 | 5,0,1 | 1,0,1 (tie: first) | 0,0,3
        assertArrayEquals(new int[] {0, 2, 2, 0, 0, 2}, scoring.predictions(Method.search(SPEC, 4, 0, true)));
        assertEquals((8 + 6) / 6.0, scoring.score(Method.search(SPEC, 4, 0, true), null).callsPerImage(), 1e-12);
    }

    @Test
    void budgetOneIsThePlainModel() {
        MethodResult r = scoring().score(Method.search(SPEC, 1, 0, false), null);
        assertEquals(0, r.flippedRight() + r.flippedWrong());
        assertEquals(1.0, r.callsPerImage(), 1e-12);
    }

    @Test
    void pairedCountsRejectArraysOfDifferentLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> PairedCounts.of(new int[] {0, 1}, new int[] {0}, new int[] {0, 1}, null));
    }
}
