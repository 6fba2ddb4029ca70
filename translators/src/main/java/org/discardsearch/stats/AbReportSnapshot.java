package org.discardsearch.stats;

import java.util.Objects;

/**
 * An immutable view of an {@link AbReport} at one moment. Undefined rates (no labelled records, no pairs) are
 * {@code NaN}.
 *
 * @param vanilla the statistics of arm A, {@link Arm#VANILLA}
 * @param search the statistics of arm B, {@link Arm#SEARCH}
 * @param paired the statistics of the paired (shadow-mode) records, where both arms scored the same image
 * @param pendingLabels unlabelled records still waiting for a label
 * @param unmatchedLabels labels that arrived for an id the report did not hold (never seen, already labelled,
 *     or evicted)
 * @param evictedUnlabelled unlabelled records dropped, oldest first, to keep the pending map bounded
 */
public record AbReportSnapshot(ArmSummary vanilla, ArmSummary search, PairedSummary paired, long pendingLabels,
        long unmatchedLabels, long evictedUnlabelled) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the arm summaries are swapped or missing, or a count is negative
     */
    public AbReportSnapshot {
        if (Objects.requireNonNull(vanilla, "vanilla").arm() != Arm.VANILLA
                || Objects.requireNonNull(search, "search").arm() != Arm.SEARCH) {
            throw new IllegalArgumentException("Arm summaries must be vanilla then search");
        }
        Objects.requireNonNull(paired, "paired");
        if (pendingLabels < 0 || unmatchedLabels < 0 || evictedUnlabelled < 0) {
            throw new IllegalArgumentException("Counts must be >= 0");
        }
    }

    /**
     * Returns the statistics of one arm.
     *
     * @param arm the arm
     * @return {@link #vanilla()} or {@link #search()}
     */
    public ArmSummary arm(Arm arm) {
        return arm == Arm.VANILLA ? vanilla : search;
    }

    /**
     * The statistics of one arm over every record it scored, single and paired.
     *
     * @param arm the arm
     * @param count records the arm scored
     * @param labelled of those, the ones with a label
     * @param correct of those, the ones the arm got right
     * @param accuracy {@code correct / labelled}, {@code NaN} when nothing is labelled
     * @param latency the arm's latencies
     */
    public record ArmSummary(Arm arm, long count, long labelled, long correct, double accuracy,
            LatencySummary latency) {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException unless {@code 0 <= correct <= labelled <= count}, the accuracy is in
         *     [0, 1] (or {@code NaN} without labels) and the latency count equals {@code count}
         */
        public ArmSummary {
            Objects.requireNonNull(arm, "arm");
            Objects.requireNonNull(latency, "latency");
            if (correct < 0 || correct > labelled || labelled > count) {
                throw new IllegalArgumentException("Need 0 <= correct <= labelled <= count, got " + correct + ", "
                        + labelled + ", " + count);
            }
            if (labelled == 0 ? !Double.isNaN(accuracy) : !(accuracy >= 0 && accuracy <= 1)) {
                throw new IllegalArgumentException("Accuracy " + accuracy + " does not fit " + labelled + " labels");
            }
            if (latency.count() != count) {
                throw new IllegalArgumentException("Latency count " + latency.count() + " is not " + count);
            }
        }

        /**
         * Builds the summary, computing the accuracy.
         *
         * @param arm the arm
         * @param count records the arm scored
         * @param labelled of those, the ones with a label
         * @param correct of those, the ones the arm got right
         * @param latency the arm's latencies
         * @return the summary
         */
        public static ArmSummary of(Arm arm, long count, long labelled, long correct, LatencySummary latency) {
            return new ArmSummary(arm, count, labelled, correct, ratio(correct, labelled), latency);
        }
    }

    /**
     * The statistics of the paired records: both arms on the same image.
     *
     * @param count paired records
     * @param agreements of those, the ones where both arms predicted the same class
     * @param agreementRate {@code agreements / count}, {@code NaN} without pairs
     * @param labelled paired records with a label
     * @param b labelled pairs where only vanilla (arm A) was right
     * @param c labelled pairs where only search (arm B) was right
     * @param mcNemarPValue the exact two-sided McNemar p-value of {@code b} and {@code c} (1 when both are 0)
     * @param accuracyDifference search accuracy minus vanilla accuracy on the labelled pairs, with its 95% interval
     */
    public record PairedSummary(long count, long agreements, double agreementRate, long labelled, long b, long c,
            double mcNemarPValue, PairedAccuracyDifference accuracyDifference) {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException unless {@code agreements <= count}, {@code b + c <= labelled <= count},
         *     and the difference is over the same {@code labelled}, {@code b} and {@code c}
         */
        public PairedSummary {
            Objects.requireNonNull(accuracyDifference, "accuracyDifference");
            if (agreements < 0 || agreements > count || labelled > count || b < 0 || c < 0 || b + c > labelled) {
                throw new IllegalArgumentException("Inconsistent paired counts: count = " + count + ", agreements = "
                        + agreements + ", labelled = " + labelled + ", b = " + b + ", c = " + c);
            }
            if (accuracyDifference.n() != labelled || accuracyDifference.b() != b || accuracyDifference.c() != c) {
                throw new IllegalArgumentException("The accuracy difference is over other counts: "
                        + accuracyDifference);
            }
        }

        /**
         * Builds the summary, computing the rates and the tests.
         *
         * @param count paired records
         * @param agreements of those, the ones where both arms predicted the same class
         * @param labelled paired records with a label
         * @param b labelled pairs where only vanilla was right
         * @param c labelled pairs where only search was right
         * @return the summary
         */
        public static PairedSummary of(long count, long agreements, long labelled, long b, long c) {
            return new PairedSummary(count, agreements, ratio(agreements, count), labelled, b, c,
                    McNemarTest.pValue(b, c), PairedAccuracyDifference.of(labelled, b, c));
        }
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
