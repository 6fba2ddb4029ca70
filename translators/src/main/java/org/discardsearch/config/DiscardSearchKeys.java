package org.discardsearch.config;

import java.util.List;

/**
 * The declarations of the discard-search keys of {@code serving.properties}, all under
 * {@value #PREFIX}. The key strings are public API: archives spell them, so renaming one breaks archives.
 * Parsed into a {@link DiscardSearchConfig}; the key table of docs/configuration.md is rendered from
 * {@link #KEYS}.
 */
public final class DiscardSearchKeys {

    /** The namespace of these keys; an undeclared key under it fails the model load. */
    public static final String PREFIX = "discardSearch.";

    /** Whether discard search runs at all; {@code false} serves the plain model. */
    public static final ConfigKey<Boolean> ENABLED = ConfigKey.of(PREFIX + "enabled", ValueType.BOOLEAN, "true",
            Validator.any(), "Whether discard search runs; false serves the plain model (every budget is 1).");

    /** States aggregated per image. */
    public static final ConfigKey<Integer> BUDGET = ConfigKey.of(PREFIX + "budget", ValueType.INT, "16",
            Validator.between(1, 256), "States aggregated per image when a request names no budget; 1 = vanilla.");

    /** The largest budget a request may ask for. */
    public static final ConfigKey<Integer> MAX_BUDGET = ConfigKey.of(PREFIX + "maxBudget", ValueType.INT, "52",
            Validator.between(1, 256), "The largest budget a request may ask for; at least "
                    + PREFIX + "budget and at most the states the search can reach.");

    /** Which search order picks the states. */
    public static final ConfigKey<SearchOrderKind> ORDER = ConfigKey.of(PREFIX + "order",
            ValueType.ofEnum(SearchOrderKind.class), "paper", Validator.any(),
            "Search order: paper reproduces the official order and its quirks; best-first can reach every state.");

    /** How states are ranked. */
    public static final ConfigKey<CriterionKind> CRITERION = ConfigKey.of(PREFIX + "criterion",
            ValueType.ofEnum(CriterionKind.class), "entropy", Validator.any(),
            "How states are ranked: prediction entropy, displacement, or the learned attention score.");

    /** How the chosen states' maps are combined. */
    public static final ConfigKey<AggregationKind> AGGREGATION = ConfigKey.of(PREFIX + "aggregation",
            ValueType.ofEnum(AggregationKind.class), "entropy", Validator.any(),
            "How the final maps of the chosen states are combined before the model's head.");

    /** Whether final maps are spatially aligned before aggregation. */
    public static final ConfigKey<Boolean> ALIGN = ConfigKey.of(PREFIX + "align", ValueType.BOOLEAN, "true",
            Validator.any(), "Whether the final maps are shifted back into alignment before they are combined.");

    /** Which subsampling layers are searched. */
    public static final ConfigKey<List<Integer>> LAYERS = ConfigKey.optional(PREFIX + "layers",
            ValueType.INT_LIST, Validator.each(Validator.atLeast(0)).and(Validator.consecutiveAscending()),
            "(architecture default)",
            "Indices of the searched subsampling layers, e.g. 1,2,3; absent = the architecture's middle layers.");

    /** The normalised-entropy threshold below which the search is skipped. */
    public static final ConfigKey<Double> EARLY_EXIT_ENTROPY = ConfigKey.of(PREFIX + "earlyExitEntropy",
            ValueType.DOUBLE, "0", Validator.between(0.0, 1.0),
            "Skip the search when the default prediction's normalised entropy is below this; 0 = never skip.");

    /** The share of the DJL Serving plugin's A/B requests that go to discard search; parsed into {@link AbConfig}. */
    public static final ConfigKey<Double> AB_SEARCH_FRACTION = ConfigKey.of(PREFIX + "abSearchFraction",
            ValueType.DOUBLE, "0.5", Validator.between(0.0, 1.0),
            "Share of the plugin's A/B requests sent to discard search, by a stable hash of their request id; the"
                    + " rest get budget 1 (vanilla).");

    /** Every key above, in declaration order. */
    public static final ConfigKeySet KEYS = new ConfigKeySet("Discard search", List.of(PREFIX),
            List.of(ENABLED, BUDGET, MAX_BUDGET, ORDER, CRITERION, AGGREGATION, ALIGN, LAYERS, EARLY_EXIT_ENTROPY,
                    AB_SEARCH_FRACTION));

    private DiscardSearchKeys() {
    }
}
