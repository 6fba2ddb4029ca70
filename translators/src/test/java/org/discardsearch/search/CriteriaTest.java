package org.discardsearch.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CriteriaTest {

    private static final double TOLERANCE = 1e-9;

    private static Node candidate(int id, State state, float... logits) {
        return new Node(id, state, Displacement.of(state, SearchFixtures.THREE_STRIDE_2), logits);
    }

    @Test
    void entropyOfUniformLogitsIsOne() {
        assertEquals(1.0, EntropyCriterion.normalisedEntropy(new float[] {2.5f, 2.5f, 2.5f, 2.5f}), TOLERANCE);
    }

    @Test
    void entropyOfAOneHotLikeDistributionIsNearZero() {
        float[] logits = new float[1000];
        logits[7] = 100;
        assertEquals(0.0, EntropyCriterion.normalisedEntropy(logits), 1e-30);
    }

    @Test
    void entropyOfATwoClassDistributionMatchesTheHandComputedValue() {
        // p = (1/4, 3/4): H = -(0.25 ln 0.25 + 0.75 ln 0.75) = 0.562335144..., divided by ln 2.
        double expected = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)) / Math.log(2);
        assertEquals(0.8112781244591328, expected, 1e-15);
        assertEquals(expected, EntropyCriterion.normalisedEntropy(new float[] {0f, (float) Math.log(3)}), 1e-7);
    }

    @Test
    void entropyOfHugeLogitsIsFiniteAndNearZero() {
        double entropy = EntropyCriterion.normalisedEntropy(new float[] {3e38f, -3e38f, 0f, 1e30f});
        assertFalse(Double.isNaN(entropy));
        assertEquals(0.0, entropy, TOLERANCE);
    }

    @Test
    void entropyTreatsMinusInfinityAsAClassOfProbabilityZero() {
        double entropy = EntropyCriterion.normalisedEntropy(new float[] {1f, 1f, Float.NEGATIVE_INFINITY});
        assertEquals(Math.log(2) / Math.log(3), entropy, TOLERANCE);
    }

    @Test
    void entropyOfOneClassIsZero() {
        assertEquals(0.0, EntropyCriterion.normalisedEntropy(new float[] {5f}));
    }

    @Test
    void entropyRejectsNaNLogitsNamingTheIndex() {
        SearchException error = assertThrows(SearchException.class,
                () -> EntropyCriterion.normalisedEntropy(new float[] {0f, Float.NaN}));
        assertTrue(error.getMessage().contains("logit 1"), error.getMessage());
    }

    @Test
    void entropyCriterionScoresEachCandidate() {
        List<Node> candidates = List.of(
                candidate(1, State.of(0, -1, -1), 1f, 1f),
                candidate(2, State.of(1, -1, -1), 0f, (float) Math.log(3)));
        double[] scores = new EntropyCriterion().scores(0, candidates);
        assertArrayEquals(new double[] {1.0, 0.8112781244591328}, scores, 1e-7);
    }

    @Test
    void displacementCriterionScoresDxPlusDy() {
        List<Node> candidates = List.of(
                candidate(1, State.of(0, -1, -1), 0f),
                candidate(2, State.of(3, 2, 1), 0f)); // dx = 1 + 0 + 4, dy = 1 + 2 + 0
        assertArrayEquals(new double[] {0, 8}, new DisplacementCriterion().scores(0, candidates));
    }

    @Test
    void learnedCriterionScoresInverseReceivedAttentionAndGuardsZero() {
        List<Node> candidates = List.of(
                candidate(1, State.of(0, -1, -1), 0f),
                candidate(2, State.of(1, -1, -1), 0f),
                candidate(3, State.of(2, -1, -1), 0f));
        double[] scores = new LearnedCriterion((image, nodes) -> new double[] {0.75, 0.25, 0.0}).scores(0, candidates);
        assertArrayEquals(new double[] {4.0 / 3, 4.0, 1e12}, scores, TOLERANCE);
    }

    @Test
    void learnedCriterionRejectsAttentionOfTheWrongLength() {
        List<Node> candidates = List.of(candidate(1, State.of(0, -1, -1), 0f));
        SearchException error = assertThrows(SearchException.class,
                () -> new LearnedCriterion((image, nodes) -> new double[] {0.5, 0.5}).scores(0, candidates));
        assertTrue(error.getMessage().contains("got '2'"), error.getMessage());
    }

    @Test
    void learnedCriterionRejectsNegativeAttention() {
        List<Node> candidates = List.of(candidate(1, State.of(0, -1, -1), 0f));
        SearchException error = assertThrows(SearchException.class,
                () -> new LearnedCriterion((image, nodes) -> new double[] {-0.1}).scores(0, candidates));
        assertTrue(error.getMessage().contains("'-0.1'"), error.getMessage());
    }

    @Test
    void randomLearnedCriterionScalesInverseAttentionBySeededUniformDraws() {
        List<Node> candidates = List.of(
                candidate(1, State.of(0, -1, -1), 0f),
                candidate(2, State.of(1, -1, -1), 0f));
        ReceivedAttention attention = (image, nodes) -> new double[] {0.5, 0.25};
        RandomLearnedCriterion criterion = new RandomLearnedCriterion(attention, 7);
        Random reference = new Random(7);
        double[] first = criterion.scores(0, candidates);
        assertArrayEquals(new double[] {2 * reference.nextDouble(), 4 * reference.nextDouble()}, first, 0);
        double[] second = criterion.scores(0, candidates);
        assertArrayEquals(new double[] {2 * reference.nextDouble(), 4 * reference.nextDouble()}, second, 0);
    }
}
