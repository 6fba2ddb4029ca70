package org.discardsearch.stats;

/**
 * The difference in accuracy between two arms scored on the same {@code n} labelled images (B minus A), with a
 * 95% Wald confidence interval that uses the paired variance. With {@code b} images only A got right and
 * {@code c} only B got right: {@code d = (c - b) / n}, {@code se = sqrt(b + c - (c - b)^2 / n) / n}, and the
 * interval is {@code d -/+ 1.959964 se}. It is the large-sample interval for a difference of paired
 * proportions; it is not clamped to [-1, 1] and is degenerate (zero width) when {@code b = c = 0}. Build it with
 * {@link #of(long, long, long)}; with {@code n = 0} every statistic is {@code NaN}.
 *
 * @param n labelled pairs
 * @param b pairs where only arm A was right
 * @param c pairs where only arm B was right
 * @param difference accuracy of B minus accuracy of A, in [-1, 1]
 * @param standardError the paired standard error of {@code difference}
 * @param lower the lower end of the 95% interval
 * @param upper the upper end of the 95% interval
 */
public record PairedAccuracyDifference(long n, long b, long c, double difference, double standardError,
        double lower, double upper) {

    /** The 97.5% quantile of the standard normal distribution. */
    public static final double Z_95 = 1.959963984540054;

    /**
     * Validates the counts and that the statistics are ordered.
     *
     * @throws IllegalArgumentException if a count is negative, {@code b + c > n}, or the statistics are not
     *     {@code lower <= difference <= upper} (or all {@code NaN} when {@code n = 0})
     */
    public PairedAccuracyDifference {
        if (b < 0 || c < 0 || n < b + c) {
            throw new IllegalArgumentException("Need 0 <= b, 0 <= c and b + c <= n, got n = " + n + ", b = " + b
                    + ", c = " + c);
        }
        boolean undefined = Double.isNaN(difference) && Double.isNaN(standardError) && Double.isNaN(lower)
                && Double.isNaN(upper);
        if (n == 0 ? !undefined : !(lower <= difference && difference <= upper && standardError >= 0)) {
            throw new IllegalArgumentException("Inconsistent statistics for n = " + n + ": difference = "
                    + difference + ", se = " + standardError + ", interval [" + lower + ", " + upper + "]");
        }
    }

    /**
     * Computes the difference and its interval from the discordant counts.
     *
     * @param n labelled pairs, at least {@code b + c}
     * @param b pairs where only arm A was right
     * @param c pairs where only arm B was right
     * @return the difference; all statistics {@code NaN} when {@code n = 0}
     * @throws IllegalArgumentException if a count is negative or {@code b + c > n}
     */
    public static PairedAccuracyDifference of(long n, long b, long c) {
        if (n == 0) {
            return new PairedAccuracyDifference(n, b, c, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double discordant = (double) c - b;
        double difference = discordant / n;
        // b + c >= (c - b)^2 / n whenever b + c <= n; max() only absorbs rounding.
        double variance = Math.max(0.0, (double) b + c - discordant * discordant / n);
        double standardError = Math.sqrt(variance) / n;
        double halfWidth = Z_95 * standardError;
        return new PairedAccuracyDifference(n, b, c, difference, standardError, difference - halfWidth,
                difference + halfWidth);
    }
}
