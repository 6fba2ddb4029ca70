package org.discardsearch.search;

import java.util.List;

/**
 * The attention each candidate receives in the learned aggregator, s_p of docs/algorithm.md §5.4 (the
 * mean over positions and queries of the attention weights that point at candidate p). Supplied by the
 * aggregation step, which owns the candidates' feature maps.
 */
@FunctionalInterface
public interface ReceivedAttention {

    /**
     * Computes the attention received by each of one image's candidates.
     *
     * @param image the image's index in the batch
     * @param candidates the image's candidates, in insertion order
     * @return one value per candidate, each in [0, 1], normally summing to 1
     */
    double[] of(int image, List<Node> candidates);
}
