package org.discardsearch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.discardsearch.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AbConfigTest {

    @Test
    void defaultsToAnEvenSplitAndIgnoresOtherKeys() {
        assertEquals(0.5, AbConfig.fromArguments(Map.of("discardSearch.budget", "4")).searchFraction());
        assertEquals(0.2, AbConfig.fromArguments(Map.of("discardSearch.abSearchFraction", "0.2")).searchFraction());
        assertEquals(Map.of("discardSearch.abSearchFraction", "0.2"), new AbConfig(0.2).effectiveValues());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.1", "1.01", "half", "NaN"})
    void invalidFractionsNameTheKeyAndTheValue(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AbConfig.fromArguments(Map.of("discardSearch.abSearchFraction", value)));
        assertTrue(e.getMessage().contains("discardSearch.abSearchFraction") && e.getMessage().contains(value),
                e.getMessage());
    }

    @Test
    void theKeyIsKnownToTheModelLoadSoAMisspellingFailsIt() {
        assertEquals(16, DiscardSearchConfig.fromArguments(Map.of("discardSearch.abSearchFraction", "0.1")).budget());
        ConfigException e = assertThrows(ConfigException.class,
                () -> DiscardSearchConfig.fromArguments(Map.of("discardSearch.abSearchFractoin", "0.1")));
        assertTrue(e.getMessage().contains("did you mean `discardSearch.abSearchFraction`"), e.getMessage());
    }
}
