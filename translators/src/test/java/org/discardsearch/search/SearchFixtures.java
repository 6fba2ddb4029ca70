package org.discardsearch.search;

import java.util.List;

/** Shared settings and steps of the search tests. */
final class SearchFixtures {

    /** The default search space: three stride-2 layers, 64 states. */
    static final List<Integer> THREE_STRIDE_2 = List.of(2, 2, 2);

    private SearchFixtures() {}

    /** Picks the next expansion, completes it with constant logits, and returns the expanded state. */
    static List<Integer> completeWithDummyLogits(SearchTree tree) {
        Expansion expansion = tree.pick().orElseThrow();
        tree.addChildren(expansion,
                expansion.phasesToCompute().stream().map(phase -> new float[] {0f, 1f}).toList());
        return expansion.state().phases();
    }
}
