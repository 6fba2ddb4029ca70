package org.discardsearch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.discardsearch.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigKeyTest {

    @Test
    void defaultGoesThroughTheParserWhenDeclared() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfigKey.of("test.n", ValueType.INT, "3.7", Validator.any(), "A number."));
        assertTrue(e.getMessage().contains("Invalid value '3.7' for test.n"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> ConfigKey.of("test.n", ValueType.INT, "0", Validator.atLeast(1), "A number."));
    }

    @Test
    void keySetRejectsAKeyDeclaredTwice() {
        ConfigKey<Integer> a = ConfigKey.of("test.n", ValueType.INT, "1", Validator.any(), "A number.");
        ConfigKey<Integer> b = ConfigKey.of("test.n", ValueType.INT, "2", Validator.any(), "Another.");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConfigKeySet("Test", List.of("test."), List.of(a, b)));
        assertTrue(e.getMessage().contains("test.n"), e.getMessage());
    }

    @Test
    void requiredKeyFailsWhenMissingAndOptionalKeyIsEmpty() {
        ConfigKey<Integer> required = ConfigKey.required("test.r", ValueType.INT, Validator.any(), "Needed.");
        ConfigKey<Integer> optional = ConfigKey.optional("test.o", ValueType.INT, Validator.any(), "(none)", "Maybe.");
        assertThrows(ConfigException.class, () -> required.require(Map.of()));
        assertEquals(Optional.empty(), optional.lookup(Map.of()));
        assertEquals(Optional.of(4), optional.lookup(Map.of("test.o", "4")));
        assertTrue(required.isRequired());
        assertFalse(optional.isRequired());
        assertEquals("(required)", required.describeDefault());
        assertEquals("(none)", optional.describeDefault());
    }

    @ParameterizedTest(name = "{0} allows ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "discardSearch.budget | an integer in [1, 256]",
        "discardSearch.enabled | true, false",
        "discardSearch.order | paper, best-first",
        "discardSearch.earlyExitEntropy | a number in [0, 1]",
        "discardSearch.layers | a comma-separated list of integers with each element >= 0, consecutive and ascending",
        "classes | an integer >= 2",
        "image.channels | an integer in {1, 3}",
        "image.std | a comma-separated list of numbers with each element > 0",
    })
    void validatorsDescribeThemselves(String name, String allowed) {
        ConfigKey<?> key = java.util.stream.Stream.concat(DiscardSearchKeys.KEYS.keys().stream(),
                ModelKeys.KEYS.keys().stream()).filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        assertEquals(allowed, key.allowed());
    }

    @ParameterizedTest(name = "distance(''{0}'', ''{1}'') = {2}")
    @CsvSource({"'', '', 0", "abc, '', 3", "kitten, sitting, 3", "budget, budgte, 2", "same, same, 0"})
    void editDistanceIsLevenshtein(String a, String b, int distance) {
        assertEquals(distance, ConfigKeySet.editDistance(a, b));
        assertEquals(distance, ConfigKeySet.editDistance(b, a));
    }

    @ParameterizedTest(name = "''{0}'' is an int: {1}")
    @CsvSource({"7, true", "+7, true", "-7, true", "' 7 ', true", "7.0, false", "0x7, false", "'', false",
        "2147483648, false", "'٣', false"})
    void intParsingIsStrict(String text, boolean parses) {
        assertEquals(parses, ValueType.INT.parse(text).isPresent());
    }

    @ParameterizedTest(name = "''{0}'' is a string: {1}")
    @CsvSource({"images, true", "' images ', true", "'', false", "'   ', false"})
    void stringParsingRejectsBlankText(String text, boolean parses) {
        assertEquals(parses, ValueType.STRING.parse(text).isPresent());
    }

    @Test
    void stringParsingTrims() {
        assertEquals("images", ValueType.STRING.parse(" images ").orElseThrow());
    }
}
