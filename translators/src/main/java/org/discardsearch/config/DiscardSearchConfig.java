package org.discardsearch.config;

import static org.discardsearch.config.DiscardSearchKeys.AGGREGATION;
import static org.discardsearch.config.DiscardSearchKeys.ALIGN;
import static org.discardsearch.config.DiscardSearchKeys.BUDGET;
import static org.discardsearch.config.DiscardSearchKeys.CRITERION;
import static org.discardsearch.config.DiscardSearchKeys.EARLY_EXIT_ENTROPY;
import static org.discardsearch.config.DiscardSearchKeys.ENABLED;
import static org.discardsearch.config.DiscardSearchKeys.LAYERS;
import static org.discardsearch.config.DiscardSearchKeys.MAX_BUDGET;
import static org.discardsearch.config.DiscardSearchKeys.ORDER;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.discardsearch.error.ConfigException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * The parsed, validated discard-search settings of one model, immutable. Every component is checked against
 * its key's validator, and the rules that span keys are checked together, whether the record comes from
 * {@link #fromArguments(Map)} or from code, so an invalid instance cannot exist.
 *
 * @param enabled whether discard search runs ({@link DiscardSearchKeys#ENABLED})
 * @param budget states aggregated per image by default ({@link DiscardSearchKeys#BUDGET})
 * @param maxBudget the largest budget a request may ask for ({@link DiscardSearchKeys#MAX_BUDGET})
 * @param order the search order ({@link DiscardSearchKeys#ORDER})
 * @param criterion how states are ranked ({@link DiscardSearchKeys#CRITERION})
 * @param aggregation how the chosen maps are combined ({@link DiscardSearchKeys#AGGREGATION})
 * @param align whether maps are aligned before aggregation ({@link DiscardSearchKeys#ALIGN})
 * @param layers the searched subsampling-layer indices, or empty for the architecture's default
 *     ({@link DiscardSearchKeys#LAYERS})
 * @param earlyExitEntropy the normalised-entropy threshold below which the search is skipped, 0 = off
 *     ({@link DiscardSearchKeys#EARLY_EXIT_ENTROPY})
 */
public record DiscardSearchConfig(boolean enabled, int budget, int maxBudget, SearchOrderKind order,
        CriterionKind criterion, AggregationKind aggregation, boolean align, Optional<List<Integer>> layers,
        double earlyExitEntropy) implements EffectiveConfig {

    /**
     * Validates every component and the cross-key rules, and copies {@code layers}.
     *
     * @throws ConfigException naming the key and value at fault
     */
    public DiscardSearchConfig {
        BUDGET.check(budget);
        MAX_BUDGET.check(maxBudget);
        ORDER.check(order);
        CRITERION.check(criterion);
        AGGREGATION.check(aggregation);
        Objects.requireNonNull(layers, "layers");
        layers = layers.map(List::copyOf);
        layers.ifPresent(LAYERS::check);
        EARLY_EXIT_ENTROPY.check(earlyExitEntropy);
        checkCrossKeyRules(budget, maxBudget, criterion, aggregation);
    }

    /**
     * Parses the discard-search keys out of archive arguments. Keys outside {@value DiscardSearchKeys#PREFIX}
     * are ignored: they belong to DJL ({@code engine}, {@code translatorFactory}, {@code option.*}, ...) or to
     * {@link ModelConfig}. Absent keys take their defaults.
     *
     * @param arguments the arguments DJL passes from {@code serving.properties}; values are read through
     *     {@code toString()}
     * @return the configuration
     * @throws ConfigException for an unknown key under the prefix (suggesting the closest known key), an
     *     invalid value, or a broken cross-key rule
     */
    public static DiscardSearchConfig fromArguments(Map<String, ?> arguments) {
        DiscardSearchKeys.KEYS.rejectUnknown(arguments);
        return new DiscardSearchConfig(
                ENABLED.require(arguments),
                BUDGET.require(arguments),
                MAX_BUDGET.require(arguments),
                ORDER.require(arguments),
                CRITERION.require(arguments),
                AGGREGATION.require(arguments),
                ALIGN.require(arguments),
                LAYERS.lookup(arguments),
                EARLY_EXIT_ENTROPY.require(arguments));
    }

    /**
     * Returns the configuration with every key at its default.
     *
     * @return the defaults
     */
    public static DiscardSearchConfig defaults() {
        return fromArguments(Map.of());
    }

    /**
     * Checks the rules that span keys: {@code budget <= maxBudget}, and criterion {@code learned} only with
     * aggregation {@code attention} (the learned score is the attention the module gives a state).
     */
    private static void checkCrossKeyRules(int budget, int maxBudget, CriterionKind criterion,
            AggregationKind aggregation) {
        if (budget > maxBudget) {
            throw new ConfigException(BUDGET.name(), "Invalid value '" + budget + "' for " + BUDGET.name()
                    + "; allowed: at most " + MAX_BUDGET.name() + " = '" + maxBudget + "'");
        }
        if (criterion == CriterionKind.LEARNED && aggregation != AggregationKind.ATTENTION) {
            throw new ConfigException(CRITERION.name(), "Invalid value '" + criterion + "' for " + CRITERION.name()
                    + " with " + AGGREGATION.name() + " = '" + aggregation + "'; allowed: " + criterion
                    + " only with " + AGGREGATION.name() + " = '" + AggregationKind.ATTENTION + "'");
        }
    }

    /**
     * Checks the configuration against what the model can do, once the architecture, the searched layers and
     * the order are known: a budget above the number of reachable states could never be filled.
     *
     * @param reachableStates how many distinct states the search can reach (e.g. 52 for three layers in
     *     paper order, 64 in best-first order)
     * @throws ConfigException naming {@code discardSearch.maxBudget}, its value and the limit, when
     *     {@code maxBudget > reachableStates}
     * @throws IllegalArgumentException if {@code reachableStates < 1}
     */
    public void validateAgainst(int reachableStates) {
        if (reachableStates < 1) {
            throw new IllegalArgumentException("reachableStates must be >= 1, got " + reachableStates);
        }
        if (maxBudget > reachableStates) {
            throw new ConfigException(MAX_BUDGET.name(), "Invalid value '" + maxBudget + "' for "
                    + MAX_BUDGET.name() + "; allowed: at most " + reachableStates
                    + ", the states the search can reach with this architecture, layers and order");
        }
    }

    /**
     * Resolves the budget of one request.
     *
     * @param requested the budget the request asks for, as text; null or blank means none
     * @return 1 when discard search is disabled (whatever was asked), else the configured budget when none is
     *     asked, else the requested budget
     * @throws DiscardSearchException with {@link ErrorCategory#BAD_INPUT} when the requested budget is not an
     *     integer or lies outside [1, maxBudget]; the message names the value and the allowed range
     */
    public int resolveRequestBudget(String requested) {
        if (!enabled) {
            return 1;
        }
        if (requested == null || requested.isBlank()) {
            return budget;
        }
        Optional<Integer> parsed = ValueType.INT.parse(requested);
        if (parsed.isEmpty() || parsed.get() < 1 || parsed.get() > maxBudget) {
            throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid value '" + requested
                    + "' for the request budget; allowed: an integer in [1, " + maxBudget + "]");
        }
        return parsed.get();
    }

    /**
     * Returns the effective value of every key, as a user would write it, sorted by key. An absent
     * {@code layers} shows as {@code (architecture default)}.
     *
     * @return key to value, sorted by key
     */
    @Override
    public SortedMap<String, String> effectiveValues() {
        SortedMap<String, String> values = new TreeMap<>();
        values.put(ENABLED.name(), ENABLED.format(enabled));
        values.put(BUDGET.name(), BUDGET.format(budget));
        values.put(MAX_BUDGET.name(), MAX_BUDGET.format(maxBudget));
        values.put(ORDER.name(), ORDER.format(order));
        values.put(CRITERION.name(), CRITERION.format(criterion));
        values.put(AGGREGATION.name(), AGGREGATION.format(aggregation));
        values.put(ALIGN.name(), ALIGN.format(align));
        values.put(LAYERS.name(), layers.map(LAYERS::format).orElse(LAYERS.describeDefault()));
        values.put(EARLY_EXIT_ENTROPY.name(), EARLY_EXIT_ENTROPY.format(earlyExitEntropy));
        return values;
    }

    /**
     * Returns the effective configuration on one line, sorted by key.
     *
     * @return e.g. {@code DiscardSearchConfig{discardSearch.aggregation=entropy, ...}}
     */
    @Override
    public String toString() {
        return "DiscardSearchConfig" + effectiveValues();
    }
}
