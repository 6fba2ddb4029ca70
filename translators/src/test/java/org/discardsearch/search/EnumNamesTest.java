package org.discardsearch.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.discardsearch.config.ErrorCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnumNamesTest {

    @ParameterizedTest
    @CsvSource({"paper, PAPER", "best-first, BEST_FIRST"})
    void searchOrderParsesItsConfigNames(String name, SearchOrder expected) {
        assertEquals(expected, SearchOrder.fromString(name));
        assertEquals(name, expected.configName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bestfirst", "Paper", "", " paper"})
    void searchOrderRejectsOtherNamesNamingTheValueAndTheAllowedOnes(String name) {
        SearchException error = assertThrows(SearchException.class, () -> SearchOrder.fromString(name));
        assertTrue(error.getMessage().contains("'" + name + "'"), error.getMessage());
        assertTrue(error.getMessage().contains("allowed: paper, best-first"), error.getMessage());
        assertEquals(ErrorCategory.BAD_CONFIG, error.category());
    }

    @ParameterizedTest
    @CsvSource({"entropy, ENTROPY", "delta, DELTA", "learned, LEARNED"})
    void criterionKindParsesItsConfigNames(String name, CriterionKind expected) {
        assertEquals(expected, CriterionKind.fromString(name));
        assertEquals(name, expected.configName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"min_entropy", "Entropy", "random"})
    void criterionKindRejectsOtherNamesNamingTheValueAndTheAllowedOnes(String name) {
        SearchException error = assertThrows(SearchException.class, () -> CriterionKind.fromString(name));
        assertTrue(error.getMessage().contains("'" + name + "'"), error.getMessage());
        assertTrue(error.getMessage().contains("allowed: entropy, delta, learned"), error.getMessage());
        assertEquals(ErrorCategory.BAD_CONFIG, error.category());
    }
}
