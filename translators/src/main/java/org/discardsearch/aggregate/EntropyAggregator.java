package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Objects;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.search.EntropyCriterion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Average of the candidates' maps weighted by each candidate's confidence ({@code docs/algorithm.md} §5.3):
 * w_p = 1 − H(softmax(z_p)) / log K from the candidate's own unaligned logits z_p, then
 * F̄ = Σ w_p F_p / Σ w_p on the (aligned or unaligned) maps. With alignment off and a head made of global
 * average pooling and a linear layer this equals Σ w_p z_p / Σ w_p.
 *
 * <p>When every candidate is close to a uniform prediction the weights all approach 0 (§8.5); if
 * Σ w_p &lt; {@value #MIN_WEIGHT_SUM} this aggregator falls back to the plain mean. Immutable and safe for
 * concurrent use.
 */
public final class EntropyAggregator extends AlignedAggregator {

    /** Below this sum of confidences the weights are ignored and the plain mean is used. */
    public static final float MIN_WEIGHT_SUM = 1e-6f;

    private static final Logger logger = LoggerFactory.getLogger(EntropyAggregator.class);

    private EntropyAggregator(Alignment alignment) {
        super(alignment);
    }

    /**
     * Returns an aggregator that weights the maps as they are.
     *
     * @return the aggregator
     */
    public static EntropyAggregator unaligned() {
        return new EntropyAggregator(null);
    }

    /**
     * Returns an aggregator that aligns the maps first; the weights still come from the unaligned logits.
     *
     * @param alignment the alignment to apply
     * @return the aggregator
     */
    public static EntropyAggregator aligned(Alignment alignment) {
        return new EntropyAggregator(Objects.requireNonNull(alignment, "alignment"));
    }

    /** {@inheritDoc} */
    @Override
    public AggregationKind kind() {
        return AggregationKind.ENTROPY;
    }

    /**
     * Computes each candidate's confidence 1 − H(softmax(z_p)) / log K, in [0, 1], through log-softmax so
     * that probabilities that underflow to 0 do not give NaN.
     *
     * @param logits the candidates' logits, shape (P, K) with K ≥ 2
     * @return one confidence per candidate, as Java values
     * @throws org.discardsearch.error.DiscardSearchException (INTERNAL) if the shape is wrong
     */
    public static float[] confidences(NDArray logits) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 2) {
            throw CandidateChecks.fail("candidate logits", shape, "(P, K) with K >= 2");
        }
        int count = Math.toIntExact(shape.get(0));
        int classes = CandidateChecks.classCount(logits, count);
        // A handful of candidates: one copy to Java beats a dozen tiny tensor ops.
        float[] all = logits.toType(DataType.FLOAT32, false).toFloatArray();
        float[] confidences = new float[count];
        for (int p = 0; p < count; p++) {
            float[] row = Arrays.copyOfRange(all, p * classes, (p + 1) * classes);
            confidences[p] = (float) (1 - EntropyCriterion.normalisedEntropy(row));
        }
        return confidences;
    }

    @Override
    float[] weights(NDArray logits) {
        float[] weights = confidences(logits);
        double sum = 0;
        for (float weight : weights) {
            sum += weight;
        }
        if (sum < MIN_WEIGHT_SUM) {
            logger.debug("Entropy weights sum to {} over {} candidates; using the plain mean", sum, weights.length);
            Arrays.fill(weights, 1f);
            sum = weights.length;
        }
        for (int p = 0; p < weights.length; p++) {
            weights[p] /= (float) sum;
        }
        return weights;
    }
}
