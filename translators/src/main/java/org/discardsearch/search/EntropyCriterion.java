package org.discardsearch.search;

import java.util.List;
import org.discardsearch.error.ErrorCategory;

/**
 * Scores a candidate by the normalised softmax entropy of its logits, H/log K in [0, 1]
 * ({@code min_entropy}, docs/algorithm.md §4.3): the most confident candidates are expanded first.
 */
public final class EntropyCriterion implements Criterion {

    /** Creates the criterion; it has no settings. */
    public EntropyCriterion() {}

    @Override
    public double[] scores(int image, List<Node> candidates) {
        return candidates.stream().mapToDouble(node -> normalisedEntropy(node.logitsView())).toArray();
    }

    /**
     * Returns the entropy of softmax(logits) divided by log K, where K is the number of classes.
     *
     * <p>It works from log-softmax, so probabilities that underflow to 0 contribute 0 instead of NaN
     * (docs/algorithm.md §8.5): huge logits give a value near 0, equal logits give 1. A logit of −∞ is a
     * class of probability 0. With one class the result is 0.
     *
     * @param logits the logits, at least one, none NaN or +∞
     * @return the normalised entropy, in [0, 1]
     * @throws SearchException (INTERNAL) if the logits are empty, NaN or +∞
     */
    public static double normalisedEntropy(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new SearchException(ErrorCategory.INTERNAL,
                    "Entropy of no logits: length = '0'; expected at least one logit");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i]) || logits[i] == Float.POSITIVE_INFINITY) {
                throw new SearchException(ErrorCategory.INTERNAL, "Invalid logit " + i + ": logit = '"
                        + logits[i] + "'; expected a finite number or -Infinity");
            }
            max = Math.max(max, logits[i]);
        }
        if (logits.length == 1 || max == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        double logSumExp = max + Math.log(sum);
        double entropy = 0;
        for (float logit : logits) {
            double logProbability = logit - logSumExp;
            double probability = Math.exp(logProbability);
            if (probability > 0) {
                entropy -= probability * logProbability;
            }
        }
        double normalised = entropy / Math.log(logits.length);
        return Math.min(1, Math.max(0, normalised));
    }
}
