package org.discardsearch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.discardsearch.error.ConfigException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DiscardSearchConfigTest {

    @Test
    void absentKeysTakeTheirDefaults() {
        DiscardSearchConfig config = DiscardSearchConfig.defaults();
        assertTrue(config.enabled());
        assertEquals(16, config.budget());
        assertEquals(52, config.maxBudget());
        assertEquals(SearchOrderKind.PAPER, config.order());
        assertEquals(CriterionKind.ENTROPY, config.criterion());
        assertEquals(AggregationKind.ENTROPY, config.aggregation());
        assertTrue(config.align());
        assertEquals(Optional.empty(), config.layers());
        assertEquals(0.0, config.earlyExitEntropy());
    }

    @ParameterizedTest(name = "{0} = ''{1}'' reads as {2}")
    @CsvSource({
        "discardSearch.enabled, false, false",
        "discardSearch.enabled, TRUE, true",
        "discardSearch.enabled, ' False ', false",
        "discardSearch.budget, 1, 1",
        "discardSearch.budget, ' 8 ', 8",
        "discardSearch.budget, 52, 52",
        "discardSearch.maxBudget, 16, 16",
        "discardSearch.maxBudget, 256, 256",
        "discardSearch.order, paper, paper",
        "discardSearch.order, best-first, best-first",
        "discardSearch.criterion, delta, delta",
        "discardSearch.criterion, entropy, entropy",
        "discardSearch.aggregation, mean, mean",
        "discardSearch.aggregation, attention, attention",
        "discardSearch.align, false, false",
        "discardSearch.layers, '1,2,3', '1,2,3'",
        "discardSearch.layers, ' 1, 2 ,3 ', '1,2,3'",
        "discardSearch.layers, 0, 0",
        "discardSearch.layers, '3,4', '3,4'",
        "discardSearch.earlyExitEntropy, 0.25, 0.25",
        "discardSearch.earlyExitEntropy, 1, 1",
        "discardSearch.earlyExitEntropy, .5, 0.5",
        "discardSearch.earlyExitEntropy, 1e-1, 0.1",
    })
    void acceptsValidValue(String key, String value, String effective) {
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(Map.of(key, value));
        assertEquals(effective, config.effectiveValues().get(key));
    }

    @ParameterizedTest(name = "{0} = ''{1}'' is rejected")
    @CsvSource({
        "discardSearch.enabled, yes",
        "discardSearch.enabled, 1",
        "discardSearch.enabled, tru",
        "discardSearch.enabled, ''",
        "discardSearch.budget, 0",
        "discardSearch.budget, 257",
        "discardSearch.budget, 3.7",
        "discardSearch.budget, 1e3",
        "discardSearch.budget, sixteen",
        "discardSearch.budget, ''",
        "discardSearch.budget, 99999999999",
        "discardSearch.budget, 53",
        "discardSearch.maxBudget, 0",
        "discardSearch.maxBudget, 300",
        "discardSearch.maxBudget, 52.0",
        "discardSearch.maxBudget, 8",
        "discardSearch.order, bestfirst",
        "discardSearch.order, best_first",
        "discardSearch.order, Paper",
        "discardSearch.criterion, min_entropy",
        "discardSearch.criterion, learn",
        "discardSearch.criterion, learned",
        "discardSearch.aggregation, avg",
        "discardSearch.aggregation, Entropy",
        "discardSearch.align, on",
        "discardSearch.layers, '1,3'",
        "discardSearch.layers, '3,2,1'",
        "discardSearch.layers, '2,2'",
        "discardSearch.layers, '-1,0'",
        "discardSearch.layers, '1,,2'",
        "discardSearch.layers, '1,2,'",
        "discardSearch.layers, '1.5'",
        "discardSearch.layers, ''",
        "discardSearch.earlyExitEntropy, -0.1",
        "discardSearch.earlyExitEntropy, 1.5",
        "discardSearch.earlyExitEntropy, NaN",
        "discardSearch.earlyExitEntropy, Infinity",
        "discardSearch.earlyExitEntropy, 0x1p-1",
        "discardSearch.earlyExitEntropy, 0.5d",
        "discardSearch.earlyExitEntropy, ''",
    })
    void rejectsInvalidValueNamingKeyAndValue(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DiscardSearchConfig.fromArguments(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertTrue(e.getMessage().contains("allowed: "), e.getMessage());
    }

    @Test
    void invalidEnumMessageListsTheAllowedNames() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DiscardSearchConfig.fromArguments(Map.of("discardSearch.order", "bestfirst")));
        assertEquals("Invalid value 'bestfirst' for discardSearch.order; allowed: paper, best-first", e.getMessage());
        assertEquals("discardSearch.order", e.key());
    }

    @Test
    void invalidIntegerMessageDescribesTheRange() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DiscardSearchConfig.fromArguments(Map.of("discardSearch.budget", "3.7")));
        assertEquals("Invalid value '3.7' for discardSearch.budget; allowed: an integer in [1, 256]", e.getMessage());
    }

    @Test
    void readsNonStringArgumentsThroughToString() {
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(
                Map.of("discardSearch.budget", 8, "discardSearch.align", Boolean.FALSE));
        assertEquals(8, config.budget());
        assertFalse(config.align());
    }

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource({
        "discardSearch.budgte, discardSearch.budget",
        "discardSearch.Budget, discardSearch.budget",
        "discardsearch.budget, discardSearch.budget",
        "discardSearch.maxbudget, discardSearch.maxBudget",
        "discardSearch.max_budget, discardSearch.maxBudget",
        "discardSearch.earlyExit, discardSearch.earlyExitEntropy",
        "discardSearch.layer, discardSearch.layers",
        "discardSearch.aggregate, discardSearch.aggregation",
    })
    void rejectsUnknownKeyUnderPrefixSuggestingTheClosest(String unknown, String suggestion) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DiscardSearchConfig.fromArguments(Map.of(unknown, "8")));
        assertTrue(e.getMessage().contains(unknown), e.getMessage());
        assertTrue(e.getMessage().contains("'8'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("did you mean `" + suggestion + "`?"), e.getMessage());
        assertEquals(unknown, e.key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"engine", "translatorFactory", "blockFactory", "batch_size", "option.mapLocation",
        "budget", "discardSearchBudget", "image.size"})
    void ignoresKeysOutsideThePrefix(String key) {
        assertEquals(DiscardSearchConfig.defaults(), DiscardSearchConfig.fromArguments(Map.of(key, "x")));
    }

    @Test
    void rejectsBudgetAboveMaxBudgetNamingBothKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> DiscardSearchConfig.fromArguments(
                Map.of("discardSearch.budget", "20", "discardSearch.maxBudget", "16")));
        assertEquals("Invalid value '20' for discardSearch.budget; allowed: at most discardSearch.maxBudget = '16'",
                e.getMessage());
    }

    @Test
    void acceptsBudgetEqualToMaxBudget() {
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(
                Map.of("discardSearch.budget", "64", "discardSearch.maxBudget", "64"));
        assertEquals(64, config.budget());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mean", "entropy"})
    void rejectsLearnedCriterionWithoutAttentionNamingBothKeys(String aggregation) {
        ConfigException e = assertThrows(ConfigException.class, () -> DiscardSearchConfig.fromArguments(
                Map.of("discardSearch.criterion", "learned", "discardSearch.aggregation", aggregation)));
        assertTrue(e.getMessage().contains("discardSearch.criterion"), e.getMessage());
        assertTrue(e.getMessage().contains("'learned'"), e.getMessage());
        assertTrue(e.getMessage().contains("discardSearch.aggregation = '" + aggregation + "'"), e.getMessage());
    }

    @Test
    void acceptsLearnedCriterionWithAttention() {
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(
                Map.of("discardSearch.criterion", "learned", "discardSearch.aggregation", "attention"));
        assertEquals(CriterionKind.LEARNED, config.criterion());
    }

    @Test
    void constructorValidatesLikeTheParser() {
        ConfigException e = assertThrows(ConfigException.class, () -> new DiscardSearchConfig(true, 0, 52,
                SearchOrderKind.PAPER, CriterionKind.ENTROPY, AggregationKind.ENTROPY, true, Optional.empty(), 0));
        assertEquals("Invalid value '0' for discardSearch.budget; allowed: an integer in [1, 256]", e.getMessage());
    }

    @Test
    void constructorRejectsNonConsecutiveLayers() {
        ConfigException e = assertThrows(ConfigException.class, () -> new DiscardSearchConfig(true, 16, 52,
                SearchOrderKind.PAPER, CriterionKind.ENTROPY, AggregationKind.ENTROPY, true,
                Optional.of(List.of(1, 3)), 0));
        assertTrue(e.getMessage().startsWith("Invalid value '1,3' for discardSearch.layers"), e.getMessage());
    }

    @Test
    void constructorCopiesLayers() {
        List<Integer> layers = new ArrayList<>(List.of(1, 2, 3));
        DiscardSearchConfig config = new DiscardSearchConfig(true, 16, 52, SearchOrderKind.PAPER,
                CriterionKind.ENTROPY, AggregationKind.ENTROPY, true, Optional.of(layers), 0);
        layers.add(4);
        assertEquals(List.of(1, 2, 3), config.layers().orElseThrow());
    }

    @Test
    void validateAgainstAcceptsMaxBudgetWithinReach() {
        DiscardSearchConfig.defaults().validateAgainst(52);
        DiscardSearchConfig.defaults().validateAgainst(64);
    }

    @Test
    void validateAgainstRejectsMaxBudgetBeyondReachNamingKeyValueAndLimit() {
        ConfigException e = assertThrows(ConfigException.class, () -> DiscardSearchConfig.defaults().validateAgainst(16));
        assertTrue(e.getMessage().startsWith("Invalid value '52' for discardSearch.maxBudget; allowed: at most 16"),
                e.getMessage());
        assertEquals("discardSearch.maxBudget", e.key());
    }

    @ParameterizedTest(name = "requested ''{0}'' resolves to {1}")
    @CsvSource(value = {"NULL, 16", "'', 16", "'  ', 16", "8, 8", "1, 1", "52, 52", "' 4 ', 4"}, nullValues = "NULL")
    void resolvesRequestBudget(String requested, int expected) {
        assertEquals(expected, DiscardSearchConfig.defaults().resolveRequestBudget(requested));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "53", "-1", "abc", "3.7", "1e2"})
    void rejectsRequestBudgetAsBadInputNamingValueAndRange(String requested) {
        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> DiscardSearchConfig.defaults().resolveRequestBudget(requested));
        assertEquals(ErrorCategory.BAD_INPUT, e.category());
        assertFalse(e instanceof ConfigException, "a bad request is not a bad configuration");
        assertTrue(e.getMessage().contains("'" + requested + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 52]"), e.getMessage());
    }

    @ParameterizedTest(name = "requested ''{0}'' with search disabled resolves to 1")
    @CsvSource(value = {"NULL", "8", "abc", "1000"}, nullValues = "NULL")
    void disabledSearchAlwaysResolvesToBudgetOne(String requested) {
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(Map.of("discardSearch.enabled", "false"));
        assertEquals(1, config.resolveRequestBudget(requested));
    }

    @Test
    void effectiveValuesAreSortedAndCoverEveryKey() {
        Map<String, String> arguments = new HashMap<>();
        arguments.put("discardSearch.layers", "1,2,3");
        arguments.put("discardSearch.order", "best-first");
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(arguments);
        List<String> keys = new ArrayList<>(config.effectiveValues().keySet());
        // Between them, the search's record and the plugin's A/B record hold every declared key.
        List<String> all = new ArrayList<>(keys);
        all.addAll(AbConfig.fromArguments(arguments).effectiveValues().keySet());
        assertEquals(keys.stream().sorted().toList(), keys);
        assertEquals(DiscardSearchKeys.KEYS.names().stream().sorted().toList(), all.stream().sorted().toList());
        assertEquals("1,2,3", config.effectiveValues().get("discardSearch.layers"));
    }

    @Test
    void describeListsOneSortedLinePerKey() {
        String[] lines = DiscardSearchConfig.defaults().describe().split(System.lineSeparator());
        assertEquals("discardSearch.aggregation = entropy", lines[0]);
        assertEquals("discardSearch.layers = (architecture default)", lines[6]);
        assertEquals("discardSearch.order = paper", lines[8]);
        assertEquals(DiscardSearchConfig.defaults().effectiveValues().size(), lines.length);
    }

    @Test
    void toStringShowsTheEffectiveConfigOnOneLine() {
        String text = DiscardSearchConfig.defaults().toString();
        assertTrue(text.startsWith("DiscardSearchConfig{discardSearch.aggregation=entropy, discardSearch.align=true"),
                text);
        assertFalse(text.contains("\n"));
    }
}
