package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Objects;
import org.discardsearch.config.AggregationKind;

/**
 * Plain average of the candidates' maps, aligned or not ({@code docs/algorithm.md} §5.2); the logits are
 * not used. Immutable and safe for concurrent use.
 */
public final class MeanAggregator extends AlignedAggregator {

    private MeanAggregator(Alignment alignment) {
        super(alignment);
    }

    /**
     * Returns an aggregator that averages the maps as they are.
     *
     * @return the aggregator
     */
    public static MeanAggregator unaligned() {
        return new MeanAggregator(null);
    }

    /**
     * Returns an aggregator that aligns the maps first.
     *
     * @param alignment the alignment to apply
     * @return the aggregator
     */
    public static MeanAggregator aligned(Alignment alignment) {
        return new MeanAggregator(Objects.requireNonNull(alignment, "alignment"));
    }

    /** {@inheritDoc} */
    @Override
    public AggregationKind kind() {
        return AggregationKind.MEAN;
    }

    @Override
    float[] weights(NDArray logits) {
        float[] weights = new float[Math.toIntExact(logits.getShape().get(0))];
        Arrays.fill(weights, 1f / weights.length);
        return weights;
    }
}
