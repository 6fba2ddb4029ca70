package org.discardsearch.config;

import static org.discardsearch.config.DiscardSearchKeys.AB_SEARCH_FRACTION;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.discardsearch.error.ConfigException;

/**
 * The A/B settings of one model, read by the DJL Serving plugin from the model's {@code serving.properties};
 * immutable. The key is declared with the other discard-search keys, so a misspelling fails the model load too.
 *
 * @param searchFraction the share of A/B requests routed to discard search
 *     ({@link DiscardSearchKeys#AB_SEARCH_FRACTION})
 */
public record AbConfig(double searchFraction) implements EffectiveConfig {

    /**
     * Validates the fraction.
     *
     * @throws ConfigException naming the key and value, unless the fraction is in [0, 1]
     */
    public AbConfig {
        AB_SEARCH_FRACTION.check(searchFraction);
    }

    /**
     * Parses the A/B keys out of archive arguments; every other key is ignored.
     *
     * @param arguments the model's arguments or properties; values are read through {@code toString()}
     * @return the configuration, with defaults for absent keys
     * @throws ConfigException for an invalid value
     */
    public static AbConfig fromArguments(Map<String, ?> arguments) {
        return new AbConfig(AB_SEARCH_FRACTION.require(arguments));
    }

    @Override
    public SortedMap<String, String> effectiveValues() {
        SortedMap<String, String> values = new TreeMap<>();
        values.put(AB_SEARCH_FRACTION.name(), AB_SEARCH_FRACTION.format(searchFraction));
        return values;
    }
}
