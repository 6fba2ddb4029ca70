package org.discardsearch.error;

/**
 * Base of the errors this project raises on purpose. Each carries an {@link ErrorCategory} and a message
 * meant for the user, shaped as {@code <what failed>: <key or input> = '<value>'; <what is allowed>}.
 */
public class DiscardSearchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;

    /**
     * Creates an error of the given category.
     *
     * @param category what kind of failure this is
     * @param message the user-facing message
     */
    public DiscardSearchException(ErrorCategory category, String message) {
        super(message);
        this.category = category;
    }

    /**
     * Creates an error of the given category that wraps a lower-level cause.
     *
     * @param category what kind of failure this is
     * @param message the user-facing message, with the context the cause lacks
     * @param cause the lower-level exception
     */
    public DiscardSearchException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    /**
     * Returns what kind of failure this is.
     *
     * @return the category
     */
    public ErrorCategory category() {
        return category;
    }
}
