package org.discardsearch.stats;

import java.util.Arrays;

/**
 * Percentiles, mean and maximum of recorded latencies, in milliseconds. Percentiles use the nearest-rank
 * definition: the p-th percentile of N sorted values is the value at 1-based rank {@code ceil(p N / 100)}, so
 * it is always one of the recorded values (p50 of 1, 2, 3, 4 is 2). With {@code count = 0} every statistic is
 * {@code NaN}.
 *
 * @param count how many latencies were recorded
 * @param mean their mean, exact
 * @param p50 the median, nearest rank
 * @param p95 the 95th percentile, nearest rank
 * @param p99 the 99th percentile, nearest rank
 * @param max the largest, exact
 */
public record LatencySummary(long count, double mean, double p50, double p95, double p99, double max) {

    /** The summary of nothing recorded. */
    public static final LatencySummary EMPTY =
            new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * Validates the count and the order of the statistics.
     *
     * @throws IllegalArgumentException if {@code count < 0}, or the percentiles are not ordered
     *     {@code p50 <= p95 <= p99 <= max}
     */
    public LatencySummary {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (count > 0 && !(p50 <= p95 && p95 <= p99 && p99 <= max && mean <= max)) {
            throw new IllegalArgumentException("Unordered latency statistics: p50 = " + p50 + ", p95 = " + p95
                    + ", p99 = " + p99 + ", mean = " + mean + ", max = " + max);
        }
    }

    /**
     * Summarises a complete set of latencies exactly.
     *
     * @param millis the latencies in milliseconds, each finite and {@code >= 0}; not modified
     * @return the summary
     * @throws IllegalArgumentException if a latency is negative or not finite
     */
    public static LatencySummary of(double... millis) {
        double sum = 0;
        for (double value : millis) {
            sum += LatencyRecorder.checkLatency(value);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return fromSortedSample(millis.length, sum, sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                sorted);
    }

    /**
     * Builds a summary from exact totals and a sorted sample of the recorded values that stands for all of them.
     *
     * @param count how many latencies were recorded in all
     * @param sum their exact sum
     * @param max their exact maximum
     * @param sorted the sample, ascending, non-empty when {@code count > 0}
     * @return the summary; the percentiles are the sample's
     */
    static LatencySummary fromSortedSample(long count, double sum, double max, double[] sorted) {
        if (count == 0) {
            return EMPTY;
        }
        // The mean can exceed the maximum by rounding when every value is equal; keep the record ordered.
        return new LatencySummary(count, Math.min(sum / count, max), nearestRank(sorted, 50),
                nearestRank(sorted, 95), nearestRank(sorted, 99), max);
    }

    /**
     * Returns the value at 1-based rank {@code ceil(percent N / 100)} of a sorted array.
     *
     * @param sorted ascending values, at least one
     * @param percent the percentile, in (0, 100]
     * @return the nearest-rank percentile
     */
    static double nearestRank(double[] sorted, int percent) {
        long n = sorted.length;
        long rank = Math.max(1, (percent * n + 99) / 100);
        return sorted[(int) (rank - 1)];
    }
}
