package org.discardsearch.search;

/** How a {@link SearchTree} orders its frontier. */
public enum SearchOrder {

    /**
     * The official ordering with its quirks (docs/algorithm.md §4.2, §4.4): new children score 0 and jump
     * the queue, scores are one iteration stale, k=0 children after the root are dropped, so only
     * R_0²·(1 + Σ Π (R_l²−1)) states are reachable (52 of 64 for three stride-2 layers).
     */
    PAPER("paper"),

    /**
     * A best-first order with fresh scores: the frontier is ordered by the current scores at every pick,
     * and an expanded node stays reachable with its expanded layer set to 0, so every one of the Π R_l²
     * states is reachable (docs/algorithm.md §10.6).
     */
    BEST_FIRST("best-first");

    private final String configName;

    SearchOrder(String configName) {
        this.configName = configName;
    }

    /**
     * Returns the name used in configuration.
     *
     * @return "paper" or "best-first"
     */
    public String configName() {
        return configName;
    }

    /**
     * Parses a configuration name, exactly (case matters).
     *
     * @param value "paper" or "best-first"
     * @return the order
     * @throws SearchException (BAD_CONFIG) naming the value and the allowed names
     */
    public static SearchOrder fromString(String value) {
        return EnumNames.parse(value, values(), SearchOrder::configName, "search order");
    }
}
