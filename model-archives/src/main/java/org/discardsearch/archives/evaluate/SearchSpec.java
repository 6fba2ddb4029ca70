package org.discardsearch.archives.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.search.SearchTree;

/**
 * One way of searching and aggregating, before a budget is chosen: the searched layers, the order, the
 * criterion and the aggregation (always aligned, as the archives run). Every budget of one spec is served by a
 * single search at its {@link #largestBudget(List)}.
 *
 * @param layers the searched subsampling layers, consecutive (all of stride 2 in the compact models)
 * @param order the search order
 * @param criterion how states are ranked
 * @param aggregation how the chosen maps are combined
 */
public record SearchSpec(List<Integer> layers, SearchOrderKind order, CriterionKind criterion,
        AggregationKind aggregation) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if the layers are empty
     */
    public SearchSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("A search spec needs at least one searched layer");
        }
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(aggregation, "aggregation");
    }

    /**
     * Returns how many states the order can reach over these layers (all of stride 2).
     *
     * @return 4 for one layer, 16 for two, 52 (paper) or 64 (best-first) for three
     */
    public int reachableStates() {
        return SearchTree.reachableStates(Collections.nCopies(layers.size(), 2), order);
    }

    /**
     * Returns the budgets of a list that this spec can fill, in order: those from 2 up to the reachable states.
     *
     * @param budgets candidate budgets
     * @return the ones this spec can run
     */
    public List<Integer> budgets(List<Integer> budgets) {
        return budgets.stream().filter(b -> b >= 2 && b <= reachableStates()).toList();
    }

    /**
     * Returns the largest of a list's budgets that this spec can fill, the budget of its one search run.
     *
     * @param budgets candidate budgets
     * @return the largest runnable one, or 1 if none
     */
    public int largestBudget(List<Integer> budgets) {
        return budgets(budgets).stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /**
     * Returns the archive configuration that runs this spec at a budget.
     *
     * @param budget the budget
     * @param earlyExitEntropy the early-exit threshold, 0 = off
     * @return the configuration, with maxBudget the reachable states
     */
    public DiscardSearchConfig config(int budget, double earlyExitEntropy) {
        return DiscardSearchConfig.fromArguments(arguments(budget, earlyExitEntropy));
    }

    /**
     * Returns the {@code serving.properties} entries of {@link #config}: every discard-search key, explicit.
     *
     * @param budget the budget
     * @param earlyExitEntropy the early-exit threshold, 0 = off
     * @return key to value, in a fixed order
     */
    public Map<String, String> arguments(int budget, double earlyExitEntropy) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("discardSearch.enabled", "true");
        p.put("discardSearch.budget", Integer.toString(budget));
        p.put("discardSearch.maxBudget", Integer.toString(reachableStates()));
        p.put("discardSearch.order", order.configName());
        p.put("discardSearch.criterion", criterion.configName());
        p.put("discardSearch.aggregation", aggregation.configName());
        p.put("discardSearch.align", "true");
        p.put("discardSearch.layers", layersText());
        p.put("discardSearch.earlyExitEntropy", Double.toString(earlyExitEntropy));
        return p;
    }

    /**
     * Returns the layers as {@code discardSearch.layers} writes them.
     *
     * @return e.g. {@code 1,2,3}
     */
    public String layersText() {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * Returns a short label for tables.
     *
     * @return e.g. {@code entropy, paper, layers 1,2,3}
     */
    public String label() {
        String what = aggregation == AggregationKind.ATTENTION ? "attention" : aggregation.configName();
        if (criterion != CriterionKind.ENTROPY) {
            what += " (" + criterion.configName() + " order)";
        }
        return what + ", " + order.configName() + ", layers " + layersText();
    }
}
