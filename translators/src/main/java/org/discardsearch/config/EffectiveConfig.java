package org.discardsearch.config;

import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * A parsed configuration that can show its effective values, as Kafka's configs log theirs once at start-up.
 */
public interface EffectiveConfig {

    /**
     * Returns the effective value of every key, as a user would write it, sorted by key.
     *
     * @return key to value, sorted by key
     */
    SortedMap<String, String> effectiveValues();

    /**
     * Describes the effective configuration, one {@code key = value} line per key, sorted by key; meant to be
     * logged once when a model loads.
     *
     * @return the description
     */
    default String describe() {
        return effectiveValues().entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(System.lineSeparator()));
    }
}
