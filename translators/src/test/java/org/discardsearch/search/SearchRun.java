package org.discardsearch.search;

import java.util.List;
import org.discardsearch.config.SearchOrderKind;

/** One image searched alone through the real driver, with the expander that served it. */
record SearchRun(SearchResult result, ScriptedExpander expander) {

    /** Searches one image whose logits come from {@link ScriptedExpander#seeded} with this seed. */
    static SearchRun entropySearch(SearchOrderKind order, int budget, long seed) {
        ScriptedExpander expander = new ScriptedExpander(ScriptedExpander.seeded(seed));
        SearchResult result = SearchDriver.builder()
                .setCriterion(new EntropyCriterion())
                .setExpander(expander)
                .build()
                .run(List.of(new SearchTree(SearchFixtures.THREE_STRIDE_2, budget, order)))
                .get(0);
        return new SearchRun(result, expander);
    }

    /** The computed phases of each candidate, in order. */
    List<List<Integer>> candidateStates() {
        return result.candidates().stream().map(node -> node.state().computedPhases()).toList();
    }

    /** The states this image expanded, in order. */
    List<List<Integer>> expandedStates() {
        return expander.expandedStates(0);
    }
}
