package org.discardsearch.result;

/**
 * What one image's search cost.
 *
 * @param budget the budget used (states asked for, after the request and archive limits); 1 = vanilla
 * @param states the states actually aggregated (fewer than the budget after an early exit)
 * @param networkCalls the network calls (expansions) the search made, counted as in docs/algorithm.md §4.5
 * @param earlyExit whether the search stopped after the default state because it was confident
 */
public record SearchStats(int budget, int states, int networkCalls, boolean earlyExit) {

    /** Validates the counts. */
    public SearchStats {
        if (budget < 1 || states < 1 || states > budget || networkCalls < 1) {
            throw new IllegalArgumentException("Invalid search stats: budget " + budget + ", states " + states
                    + ", calls " + networkCalls);
        }
    }
}
