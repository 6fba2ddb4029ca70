package org.discardsearch.kafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress line shows the rate since the previous line, not the average since the start. */
class ProgressLineTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theRateIsTheOneSinceThePreviousLine() {
        ProgressLine line = new ProgressLine(1000);
        long start = System.nanoTime();
        assertEquals("scored 400 / 1000 (200 images/s now), 0 dead letters", line.next(400, 0, start + 2 * SECOND));
        assertEquals("scored 450 / 1000 (25 images/s now), 1 dead letters", line.next(450, 1, start + 4 * SECOND));
        assertEquals("scored 450 / 1000 (0 images/s now), 1 dead letters", line.next(450, 1, start + 6 * SECOND));
    }
}
