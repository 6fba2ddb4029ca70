package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.discardsearch.result.Prediction;
import org.discardsearch.result.SearchStats;

/**
 * Compares results as the core gives them with an explicit tolerance: a batched call and a single call differ in
 * the last float bits of their probabilities.
 */
public final class ResultAssertions {

    /** Largest difference allowed between two probabilities of the same image. */
    public static final double PROBABILITY_TOLERANCE = 1e-5;

    private ResultAssertions() {
    }

    /**
     * Asserts that two top-k lists name the same classes in the same order with probabilities within
     * {@link #PROBABILITY_TOLERANCE}, and that the search cost the same.
     *
     * @param expected the reference classes
     * @param expectedStats the reference stats
     * @param actual the classes to check
     * @param actualStats the stats to check
     */
    public static void assertSameResult(List<Prediction> expected, SearchStats expectedStats, List<Prediction> actual,
            SearchStats actualStats) {
        assertEquals(expectedStats, actualStats);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).classIndex(), actual.get(i).classIndex(), "class at rank " + i);
            assertEquals(expected.get(i).className(), actual.get(i).className());
            assertEquals(expected.get(i).probability(), actual.get(i).probability(), PROBABILITY_TOLERANCE);
        }
    }
}
