package org.discardsearch.result;

import java.util.List;

/**
 * The result of classifying one image: the top classes, best first, and what the search cost.
 *
 * @param topK the best classes, best first, at least one
 * @param stats the search's cost
 */
public record DiscardResult(List<Prediction> topK, SearchStats stats) {

    /** Validates and copies. */
    public DiscardResult {
        topK = List.copyOf(topK);
        if (topK.isEmpty() || stats == null) {
            throw new IllegalArgumentException("A result needs at least one class and its stats");
        }
    }

    /**
     * Returns the best class.
     *
     * @return the top-1 prediction
     */
    public Prediction best() {
        return topK.get(0);
    }
}
