package org.discardsearch.config;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.discardsearch.error.ConfigException;

/**
 * The keys of one declaration class, in declaration order, plus the prefixes this project owns within them.
 * Under an owned prefix an unknown key is an error that suggests the closest known key; keys outside the
 * owned prefixes belong to someone else (DJL, DJL Serving, Kafka) and are left alone.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param title a heading for the key table, e.g. {@code Discard search}
 * @param ownedPrefixes prefixes under which every key must be declared here, e.g. {@code discardSearch.}
 * @param keys the declared keys, in declaration order, with distinct names
 */
public record ConfigKeySet(String title, List<String> ownedPrefixes, List<ConfigKey<?>> keys) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if two keys share a name, or the set is empty
     */
    public ConfigKeySet {
        Objects.requireNonNull(title, "title");
        ownedPrefixes = List.copyOf(ownedPrefixes);
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("A key set needs at least one key");
        }
        Map<String, ConfigKey<?>> seen = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            if (seen.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException("Config key declared twice: " + key.name());
            }
        }
    }

    /**
     * Returns the declared key names, in declaration order.
     *
     * @return the names
     */
    public List<String> names() {
        return keys.stream().map(ConfigKey::name).toList();
    }

    /**
     * Tells whether a key name falls under one of the owned prefixes. The comparison ignores case, so that
     * {@code discardsearch.budget} is caught as a misspelling instead of passing silently to DJL.
     *
     * @param name a key name
     * @return true when this set owns the name's namespace
     */
    public boolean owns(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ownedPrefixes.stream().anyMatch(p -> lower.startsWith(p.toLowerCase(Locale.ROOT)));
    }

    /**
     * Fails on the first argument (in key order) that lies under an owned prefix but is not declared.
     *
     * @param arguments archive arguments; keys outside the owned prefixes are ignored
     * @throws ConfigException naming the unknown key and its value, and suggesting the closest declared key
     */
    public void rejectUnknown(Map<String, ?> arguments) {
        List<String> names = names();
        for (String name : new TreeSet<>(arguments.keySet())) {
            if (owns(name) && !names.contains(name)) {
                throw new ConfigException(name, "Unknown key " + name + " = '" + arguments.get(name)
                        + "'; did you mean `" + closest(name) + "`?");
            }
        }
    }

    /**
     * Returns the declared key closest to a name: the smallest edit distance ignoring case, where a declared
     * key that only continues the name (a truncated name such as {@code discardSearch.earlyExit}) counts as one
     * edit away. Ties go to the key declared first.
     *
     * @param name a key name
     * @return the closest declared key name
     */
    public String closest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return keys.stream()
                .map(ConfigKey::name)
                .min(Comparator.comparingInt(k -> distance(lower, k.toLowerCase(Locale.ROOT))))
                .orElseThrow();
    }

    private static int distance(String given, String known) {
        int whole = editDistance(given, known);
        if (known.length() <= given.length()) {
            return whole;
        }
        return Math.min(whole, editDistance(given, known.substring(0, given.length())) + 1);
    }

    /**
     * Computes the Levenshtein distance: the fewest insertions, deletions and substitutions turning one string
     * into the other.
     *
     * @param a one string
     * @param b the other
     * @return the distance
     */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
