package org.discardsearch.config;

/**
 * Which search order picks the states to evaluate ({@code discardSearch.order}).
 * Configured by its lower-case, hyphenated name ({@link #configName()}).
 */
public enum SearchOrderKind {
    /** The official ordering, quirks included (docs/algorithm.md §4.4); reaches 52 states with three layers. */
    PAPER,
    /** Our cleaner variant: fresh scores, every state reachable. */
    BEST_FIRST;

    /**
     * Returns the name used in configuration.
     *
     * @return the lower-case, hyphenated name
     */
    public String configName() {
        return ValueType.enumName(this);
    }

    @Override
    public String toString() {
        return configName();
    }
}
