package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Base of the non-learned aggregators: a weighted sum of the candidates' maps, aligned when configured (then
 * alignment and sum are one convolution), with weights the subclass computes from the logits.
 */
abstract class AlignedAggregator implements Aggregator {

    private final Alignment alignment;

    /**
     * Creates an aggregator.
     *
     * @param alignment the alignment to apply first, or {@code null} for none
     */
    AlignedAggregator(Alignment alignment) {
        this.alignment = alignment;
    }

    /**
     * Returns the alignment applied before combining, if any.
     *
     * @return the alignment, or empty when the maps are combined as they are
     */
    public final Optional<Alignment> alignment() {
        return Optional.ofNullable(alignment);
    }

    /** {@inheritDoc} */
    @Override
    public final NDArray aggregate(NDArray features, NDArray logits, List<Offset> offsets) {
        int count = CandidateChecks.candidateCount(features);
        CandidateChecks.classCount(logits, count);
        CandidateChecks.checkOffsets(offsets, count);
        float[] weights = weights(logits);
        if (alignment != null) {
            return alignment.weightedSum(features, offsets, weights);
        }
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            NDArray column = scope.create(weights, new Shape(count, 1, 1, 1)).toType(features.getDataType(), false);
            NDArray combined = features.mul(column).sum(new int[] {0});
            combined.attach(parent);
            return combined;
        }
    }

    /**
     * Returns each candidate's weight in the combination; the weights sum to 1.
     *
     * @param logits the candidates' unaligned logits, shape (P, K), already checked
     * @return one weight per candidate
     */
    abstract float[] weights(NDArray logits);
}
