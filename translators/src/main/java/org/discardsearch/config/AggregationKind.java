package org.discardsearch.config;

/**
 * How the final maps of the chosen states are combined ({@code discardSearch.aggregation}).
 * Configured by its lower-case, hyphenated name ({@link #configName()}).
 */
public enum AggregationKind {
    /** Plain average. */
    MEAN,
    /** Weighted by one minus normalised entropy. */
    ENTROPY,
    /** A small learned attention module, trained per archive. */
    ATTENTION;

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
