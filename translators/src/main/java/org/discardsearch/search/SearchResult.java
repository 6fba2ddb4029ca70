package org.discardsearch.search;

import java.util.List;
import org.discardsearch.error.ErrorCategory;

/**
 * The outcome of one image's search.
 *
 * @param candidates the evaluated states to aggregate, in insertion order, default state first
 * @param networkCalls the number of expansions (network calls) the search cost; the root call counts
 *     once even when early exit splits it in two
 * @param exitedEarly whether the search stopped after the default state because it was confident
 */
public record SearchResult(List<Node> candidates, int networkCalls, boolean exitedEarly) {

    /**
     * Validates and copies the components.
     *
     * @param candidates the candidates, default state first
     * @param networkCalls the number of network calls
     * @param exitedEarly whether the search exited early
     * @throws SearchException (INTERNAL) if there is no candidate or the call count is below 1
     */
    public SearchResult {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty() || networkCalls < 1) {
            throw new SearchException(ErrorCategory.INTERNAL, "Invalid search result: candidates = '"
                    + candidates.size() + "', networkCalls = '" + networkCalls + "'; expected both >= 1");
        }
    }
}
