package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.discardsearch.config.AggregationKind;

/**
 * Combines the final pre-pool maps of one image's candidate states into one map for the model's own head
 * ({@code docs/algorithm.md} §5). Implementations are immutable and safe for concurrent use.
 */
public interface Aggregator {

    /**
     * Returns which scheme this is.
     *
     * @return the kind
     */
    AggregationKind kind();

    /**
     * Aggregates the candidates of one image.
     *
     * @param features the candidates' final pre-pool maps, shape (P, C, H, W), default state first
     * @param logits the candidates' own logits, shape (P, K), computed from the unaligned maps
     * @param offsets the candidates' cumulative displacements, P entries in the order of {@code features}
     * @return the aggregated map, shape (C, H, W), owned by the manager of {@code features}; intermediate
     *     arrays are freed before returning
     * @throws org.discardsearch.config.DiscardSearchException (INTERNAL) if the shapes or counts disagree
     */
    NDArray aggregate(NDArray features, NDArray logits, List<Offset> offsets);
}
