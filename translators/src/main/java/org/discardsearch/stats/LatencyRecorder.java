package org.discardsearch.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Records latencies in bounded memory and summarises them as a {@link LatencySummary}. The count, sum (hence
 * the mean) and maximum are exact. The percentiles come from a uniform random sample of at most
 * {@code capacity} recorded values, kept by reservoir sampling (each new value replaces a random slot with
 * probability capacity / count), so they are exact until more than {@code capacity} values have been recorded
 * and estimates afterwards. The sampling generator has a fixed seed, so the same sequence of latencies always
 * gives the same summary.
 *
 * <p>Memory: {@code 8 * capacity} bytes. Not thread-safe; {@link AbReport} guards its recorders with its lock.
 */
public final class LatencyRecorder {

    /** The default sample size: 10,000 values, 80 KB. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private static final long SEED = 0x5EED_1A7E_2024L;

    private final double[] sample;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private long count;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;

    /**
     * Creates a recorder with the {@link #DEFAULT_CAPACITY default} sample size.
     */
    public LatencyRecorder() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a recorder.
     *
     * @param capacity the most values kept for the percentiles, at least 1
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public LatencyRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.sample = new double[capacity];
    }

    /**
     * Records one latency.
     *
     * @param millis the latency in milliseconds, finite and {@code >= 0}
     * @throws IllegalArgumentException if the latency is negative or not finite
     */
    public void record(double millis) {
        checkLatency(millis);
        if (count < sample.length) {
            sample[(int) count] = millis;
        } else {
            long slot = random.nextLong(count + 1);
            if (slot < sample.length) {
                sample[(int) slot] = millis;
            }
        }
        count++;
        sum += millis;
        max = Math.max(max, millis);
    }

    /**
     * Returns how many latencies were recorded.
     *
     * @return the count
     */
    public long count() {
        return count;
    }

    /**
     * Summarises what was recorded so far.
     *
     * @return the summary; {@link LatencySummary#EMPTY} when nothing was recorded
     */
    public LatencySummary summary() {
        double[] sorted = Arrays.copyOf(sample, (int) Math.min(count, sample.length));
        Arrays.sort(sorted);
        return LatencySummary.fromSortedSample(count, sum, max, sorted);
    }

    /**
     * Checks that a latency is a finite, non-negative number of milliseconds.
     *
     * @param millis the latency
     * @return the same latency
     * @throws IllegalArgumentException otherwise
     */
    static double checkLatency(double millis) {
        if (!(millis >= 0) || Double.isInfinite(millis)) {
            throw new IllegalArgumentException("A latency must be a finite number of milliseconds >= 0, got "
                    + millis);
        }
        return millis;
    }
}
