package org.discardsearch.ab;

import java.util.Locale;

/** How a request's arm was chosen. Written as its lower-case {@link #label()}. */
public enum Routing {
    /** By the stable hash of the request id and the model's split. */
    SPLIT,
    /** By the {@value AbHeaders#ARM} header. */
    FORCED,
    /** Both arms ran (shadow mode). */
    SHADOW;

    /**
     * Returns the lower-case name.
     *
     * @return {@code split}, {@code forced} or {@code shadow}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
