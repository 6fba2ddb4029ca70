package org.discardsearch.search;

import java.util.List;

/**
 * A search priority (docs/algorithm.md §4.3): lower scores are expanded sooner. It scores all of one
 * image's candidates together, because a learned score depends on the whole candidate set.
 */
@FunctionalInterface
public interface Criterion {

    /**
     * Scores one image's candidates.
     *
     * @param image the image's index in the batch, for criteria that keep per-image state
     * @param candidates the image's candidates, in insertion order (default state first)
     * @return one score per candidate, in the same order; never NaN
     */
    double[] scores(int image, List<Node> candidates);
}
