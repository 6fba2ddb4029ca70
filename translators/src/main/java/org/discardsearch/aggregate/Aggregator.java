package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
     * @throws org.discardsearch.error.DiscardSearchException (INTERNAL) if the shapes or counts disagree
     */
    NDArray aggregate(NDArray features, NDArray logits, List<Offset> offsets);

    /**
     * Aggregates the candidates of several images, as {@link #aggregate} does for each. This default runs one
     * image at a time; an implementation may batch them.
     *
     * @param features per image, its candidates' maps (P_i, C, H, W)
     * @param logits per image, its candidates' logits (P_i, K)
     * @param offsets per image, its candidates' displacements
     * @return the aggregated maps, (N, C, H, W), owned by the manager of the first image's features
     * @throws org.discardsearch.error.DiscardSearchException (INTERNAL) if the shapes or counts disagree
     */
    default NDArray aggregateAll(List<NDArray> features, List<NDArray> logits, List<List<Offset>> offsets) {
        NDList maps = new NDList(features.size());
        for (int i = 0; i < features.size(); i++) {
            maps.add(aggregate(features.get(i), logits.get(i), offsets.get(i)));
        }
        return NDArrays.stack(maps, 0);
    }
}
