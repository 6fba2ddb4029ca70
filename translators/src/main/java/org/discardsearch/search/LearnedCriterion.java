package org.discardsearch.search;

import java.util.List;
import java.util.Objects;
import org.discardsearch.error.ErrorCategory;

/**
 * Scores a candidate by 1 / the attention it receives in the learned aggregator ({@code max_learn},
 * docs/algorithm.md §4.3, §5.4): the candidates the aggregator relies on most are expanded first. The
 * scores depend on the whole candidate set, so they change as the search grows.
 */
public final class LearnedCriterion implements Criterion {

    /** Attention below this is read as this, so that a candidate no one attends to gets a finite score. */
    static final double MIN_RECEIVED_ATTENTION = 1e-12;

    private final ReceivedAttention attention;

    /**
     * Creates the criterion.
     *
     * @param attention computes the attention each candidate receives
     */
    public LearnedCriterion(ReceivedAttention attention) {
        this.attention = Objects.requireNonNull(attention, "attention");
    }

    @Override
    public double[] scores(int image, List<Node> candidates) {
        return inverseAttention(attention.of(image, candidates), candidates.size());
    }

    /**
     * Returns 1 / max(s, {@value #MIN_RECEIVED_ATTENTION}) for each received attention s.
     *
     * @param received the attention per candidate
     * @param candidateCount the number of candidates it must cover
     * @return the inverse attention per candidate, finite and positive
     * @throws SearchException (INTERNAL) if the length is wrong or a value is negative or not finite
     */
    static double[] inverseAttention(double[] received, int candidateCount) {
        if (received == null || received.length != candidateCount) {
            throw new SearchException(ErrorCategory.INTERNAL, "Wrong number of attention values: got '"
                    + (received == null ? null : received.length) + "'; expected " + candidateCount
                    + ", one per candidate");
        }
        double[] inverse = new double[received.length];
        for (int i = 0; i < received.length; i++) {
            if (!(received[i] >= 0) || Double.isInfinite(received[i])) {
                throw new SearchException(ErrorCategory.INTERNAL, "Invalid attention received by candidate "
                        + i + ": attention = '" + received[i] + "'; expected a finite number >= 0");
            }
            inverse[i] = 1 / Math.max(received[i], MIN_RECEIVED_ATTENTION);
        }
        return inverse;
    }
}
