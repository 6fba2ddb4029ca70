package org.discardsearch.search;

import java.util.List;

/**
 * Scores a candidate by its cumulative displacement dx + dy ({@code min_delta}, docs/algorithm.md §4.3),
 * so that states closest to the default grid are expanded first. A candidate's score never changes.
 */
public final class DisplacementCriterion implements Criterion {

    /** Creates the criterion; it has no settings. */
    public DisplacementCriterion() {}

    @Override
    public double[] scores(int image, List<Node> candidates) {
        return candidates.stream().mapToDouble(node -> node.displacement().sum()).toArray();
    }
}
