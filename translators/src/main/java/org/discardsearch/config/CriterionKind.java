package org.discardsearch.config;

/**
 * How the search ranks states ({@code discardSearch.criterion}).
 * Configured by its lower-case, hyphenated name ({@link #configName()}).
 */
public enum CriterionKind {
    /** Lowest normalised prediction entropy first. */
    ENTROPY,
    /** Smallest total displacement first. */
    DELTA,
    /** Highest learned score (inverse received attention) first; needs the attention aggregator. */
    LEARNED;

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
