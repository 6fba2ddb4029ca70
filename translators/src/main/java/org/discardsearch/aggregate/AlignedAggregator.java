package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;

/**
 * Base of the non-learned aggregators: checks the inputs, aligns the maps when configured, and runs the
 * combination in a sub-manager so that only the result reaches the caller's manager.
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
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            logits.tempAttach(scope);
            NDArray maps = alignment == null ? features : alignment.align(features, offsets);
            NDArray combined = combine(maps, logits);
            combined.attach(parent);
            return combined;
        }
    }

    /**
     * Combines the (aligned) maps of one image.
     *
     * @param maps the candidates' maps, shape (P, C, H, W), already checked
     * @param logits the candidates' unaligned logits, shape (P, K), already checked
     * @return the combined map, shape (C, H, W), on the manager of {@code maps}
     */
    abstract NDArray combine(NDArray maps, NDArray logits);
}
