package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Base of the non-learned aggregators: a weighted sum of the candidates' maps, aligned when configured (then
 * alignment and sum are one batched product), with weights the subclass computes from the logits.
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
        return combine(features, offsets, weights(logits), 1);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Images with the same candidate count are combined as one batch: one batched product (aligned) or one
     * weighted sum (not aligned) for all of them.
     */
    @Override
    public final NDArray aggregateAll(List<NDArray> features, List<NDArray> logits, List<List<Offset>> offsets) {
        if (!ImageBatch.isBatch(features, logits, offsets)) {
            return Aggregator.super.aggregateAll(features, logits, offsets);
        }
        int images = features.size();
        int count = CandidateChecks.candidateCount(features.get(0));
        float[] weights = new float[images * count];
        for (int i = 0; i < images; i++) {
            System.arraycopy(weights(logits.get(i)), 0, weights, i * count, count);
        }
        return ImageBatch.apply(features, offsets, (all, allOffsets) -> combine(all, allOffsets, weights, images));
    }

    /** Combines N images' candidates, image-major (N·P, C, H, W): (C, H, W) when N = 1, else (N, C, H, W). */
    private NDArray combine(NDArray features, List<Offset> offsets, float[] weights, int images) {
        if (alignment != null) {
            return alignment.weightedSums(features, offsets, weights, images);
        }
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            Shape shape = features.getShape();
            long count = shape.get(0) / images;
            NDArray perImage = features.reshape(images, count, shape.get(1), shape.get(2), shape.get(3));
            NDArray column = scope.create(weights, new Shape(images, count, 1, 1, 1))
                    .toType(features.getDataType(), false);
            NDArray combined = perImage.mul(column).sum(new int[] {1});
            NDArray result = images == 1 ? combined.squeeze(0) : combined;
            result.attach(parent);
            return result;
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
