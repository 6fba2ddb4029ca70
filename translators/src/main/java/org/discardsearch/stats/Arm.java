package org.discardsearch.stats;

import java.util.Locale;

/**
 * The two arms of an A/B comparison. Written as their lower-case {@link #label()} in reports, headers and
 * query parameters.
 */
public enum Arm {
    /** The plain model: budget 1, no search. Arm A of the paired statistics. */
    VANILLA,
    /** The model with discard search. Arm B of the paired statistics. */
    SEARCH;

    /**
     * Returns the lower-case name.
     *
     * @return {@code vanilla} or {@code search}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the arm with a given lower-case name.
     *
     * @param label {@code vanilla} or {@code search}, exactly
     * @return the arm
     * @throws IllegalArgumentException naming the label and the allowed ones, if it is neither
     */
    public static Arm fromLabel(String label) {
        for (Arm arm : values()) {
            if (arm.label().equals(label)) {
                return arm;
            }
        }
        throw new IllegalArgumentException("Unknown arm '" + label + "'; allowed: vanilla, search");
    }

    @Override
    public String toString() {
        return label();
    }
}
