package org.discardsearch.kafka.tools;

import java.util.Locale;
import org.discardsearch.kafka.ConsumerProgress;

/**
 * The main job's progress line: records scored out of the expected count, the current rate (since the previous
 * line, not since the start: a running average hid a consumer that had slowed down or stopped), and the dead
 * letters. Not thread-safe: one caller, at a fixed interval.
 */
final class ProgressLine {

    private final long expected;
    private long lastRecords;
    private long lastNanos;

    /**
     * Starts counting now.
     *
     * @param expected the records the job waits for
     */
    ProgressLine(long expected) {
        this.expected = expected;
        this.lastNanos = System.nanoTime();
    }

    /**
     * Returns the line for the counts now, e.g. {@code scored 4416 / 10000 (432 images/s now), 0 dead letters}.
     *
     * @param progress the consumer's counters
     * @return the line, without a line break
     */
    String next(ConsumerProgress progress) {
        return next(progress.records(), progress.deadLetters(), System.nanoTime());
    }

    String next(long records, long deadLetters, long nowNanos) {
        double seconds = (nowNanos - lastNanos) / 1e9;
        double rate = seconds > 0 ? (records - lastRecords) / seconds : 0;
        lastRecords = records;
        lastNanos = nowNanos;
        return String.format(Locale.ROOT, "scored %d / %d (%.0f images/s now), %d dead letters", records, expected,
                rate, deadLetters);
    }
}
