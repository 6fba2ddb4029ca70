package org.discardsearch.search;

import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * An error raised by the search: a setting it cannot honour ({@link ErrorCategory#BAD_CONFIG}) or a broken
 * contract between the search and the code that plugs into it, such as an {@link Expander} that answers
 * with the wrong number of logits ({@link ErrorCategory#INTERNAL}).
 */
public class SearchException extends DiscardSearchException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a search error.
     *
     * @param category what kind of failure this is
     * @param message the user-facing message: what failed, the value, and what is allowed
     */
    public SearchException(ErrorCategory category, String message) {
        super(category, message);
    }
}
