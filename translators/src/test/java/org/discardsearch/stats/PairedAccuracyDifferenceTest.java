package org.discardsearch.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedAccuracyDifferenceTest {

    @Test
    void computesThePairedWaldInterval() {
        // d = (15 - 5) / 100 = 0.1; se = sqrt(20 - 100 / 100) / 100 = sqrt(19) / 100 = 0.0435890;
        // half width = 1.959964 * 0.0435890 = 0.0854328.
        PairedAccuracyDifference diff = PairedAccuracyDifference.of(100, 5, 15);
        assertEquals(0.1, diff.difference(), 1e-15);
        assertEquals(0.0435889894, diff.standardError(), 1e-10);
        assertEquals(0.0145672, diff.lower(), 1e-7);
        assertEquals(0.1854328, diff.upper(), 1e-7);
    }

    @Test
    void swappingTheArmsNegatesTheInterval() {
        PairedAccuracyDifference forward = PairedAccuracyDifference.of(1000, 30, 52);
        PairedAccuracyDifference backward = PairedAccuracyDifference.of(1000, 52, 30);
        assertEquals(-forward.difference(), backward.difference(), 1e-15);
        assertEquals(-forward.upper(), backward.lower(), 1e-15);
        assertEquals(-forward.lower(), backward.upper(), 1e-15);
    }

    @Test
    void noDiscordantPairsGiveAZeroWidthInterval() {
        PairedAccuracyDifference diff = PairedAccuracyDifference.of(50, 0, 0);
        assertEquals(0.0, diff.difference());
        assertEquals(0.0, diff.lower());
        assertEquals(0.0, diff.upper());
    }

    @Test
    void allPairsDiscordantOneWayGiveAZeroWidthIntervalAtOne() {
        PairedAccuracyDifference diff = PairedAccuracyDifference.of(40, 0, 40);
        assertEquals(1.0, diff.difference());
        assertEquals(0.0, diff.standardError());
    }

    @Test
    void noPairsGiveNaN() {
        PairedAccuracyDifference diff = PairedAccuracyDifference.of(0, 0, 0);
        assertTrue(Double.isNaN(diff.difference()));
        assertTrue(Double.isNaN(diff.lower()));
        assertTrue(Double.isNaN(diff.upper()));
    }

    @Test
    void rejectsMoreDiscordantPairsThanPairs() {
        assertThrows(IllegalArgumentException.class, () -> PairedAccuracyDifference.of(10, 6, 5));
        assertThrows(IllegalArgumentException.class, () -> PairedAccuracyDifference.of(10, -1, 5));
    }

    @Test
    void rejectsAnIntervalThatDoesNotContainTheDifference() {
        assertThrows(IllegalArgumentException.class, () -> new PairedAccuracyDifference(10, 1, 2, 0.1, 0.05, 0.2, 0.3));
    }
}
