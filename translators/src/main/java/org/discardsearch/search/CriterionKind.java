package org.discardsearch.search;

/** The search criteria that configuration can name (docs/algorithm.md §4.3). */
public enum CriterionKind {

    /** Normalised softmax entropy of the candidate's logits ({@code min_entropy}); see {@link EntropyCriterion}. */
    ENTROPY("entropy"),

    /** Cumulative displacement dx + dy ({@code min_delta}); see {@link DisplacementCriterion}. */
    DELTA("delta"),

    /** 1 / attention received in the learned aggregator ({@code max_learn}); see {@link LearnedCriterion}. */
    LEARNED("learned");

    private final String configName;

    CriterionKind(String configName) {
        this.configName = configName;
    }

    /**
     * Returns the name used in configuration.
     *
     * @return "entropy", "delta" or "learned"
     */
    public String configName() {
        return configName;
    }

    /**
     * Parses a configuration name, exactly (case matters).
     *
     * @param value "entropy", "delta" or "learned"
     * @return the kind
     * @throws SearchException (BAD_CONFIG) naming the value and the allowed names
     */
    public static CriterionKind fromString(String value) {
        return EnumNames.parse(value, values(), CriterionKind::configName, "search criterion");
    }
}
