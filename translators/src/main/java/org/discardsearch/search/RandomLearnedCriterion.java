package org.discardsearch.search;

import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Scores a candidate by U(0,1) · 1 / the attention it receives ({@code random-max_learn},
 * docs/algorithm.md §4.3): the learned priority with noise, used while training the attention aggregator.
 * One uniform draw per candidate and call, from a seeded generator, so a run is reproducible.
 */
public final class RandomLearnedCriterion implements Criterion {

    private final ReceivedAttention attention;
    private final Random random;

    /**
     * Creates the criterion.
     *
     * @param attention computes the attention each candidate receives
     * @param seed the seed of the uniform draws
     */
    public RandomLearnedCriterion(ReceivedAttention attention, long seed) {
        this.attention = Objects.requireNonNull(attention, "attention");
        this.random = new Random(seed);
    }

    @Override
    public double[] scores(int image, List<Node> candidates) {
        double[] scores = LearnedCriterion.inverseAttention(attention.of(image, candidates), candidates.size());
        for (int i = 0; i < scores.length; i++) {
            scores[i] *= random.nextDouble();
        }
        return scores;
    }
}
