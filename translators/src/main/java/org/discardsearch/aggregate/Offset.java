package org.discardsearch.aggregate;

import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * The cumulative displacement of one candidate state, in units of the finest searched layer's input
 * cells ({@code docs/algorithm.md} §5.1); the default state is {@code (0, 0)}.
 *
 * @param dx the displacement to the right, at least 0
 * @param dy the displacement downwards, at least 0
 */
public record Offset(int dx, int dy) {

    /** The displacement of the default state. */
    public static final Offset ZERO = new Offset(0, 0);

    /**
     * Validates the components.
     *
     * @throws DiscardSearchException (INTERNAL) if a component is negative
     */
    public Offset {
        if (dx < 0 || dy < 0) {
            throw new DiscardSearchException(
                    ErrorCategory.INTERNAL,
                    "Invalid candidate offset: (dx, dy) = '(" + dx + ", " + dy + ")'; both must be >= 0");
        }
    }
}
