package org.discardsearch.plugin;

import ai.djl.translate.TranslateException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.discardsearch.error.DiscardSearchException;

/**
 * A failure that already knows its HTTP status (an unknown model, a wrong method, a model that answered with
 * an error), and the one place where every other failure is mapped to a status.
 */
final class HttpFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    /**
     * Creates a failure.
     *
     * @param status the HTTP status to answer with
     * @param message the user-facing message
     */
    HttpFailure(int status, String message) {
        this(status, message, Map.of());
    }

    /**
     * Creates a failure that sends headers with its answer.
     *
     * @param status the HTTP status to answer with
     * @param message the user-facing message
     * @param headers headers for the answer, e.g. {@code Allow} with a 405
     */
    HttpFailure(int status, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /**
     * Returns the headers to send with the answer.
     *
     * @return the headers, often none
     */
    Map<String, String> headers() {
        return headers;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status
     */
    int status() {
        return status;
    }

    /**
     * Maps a failure to the HTTP status the client gets: our own bad input is 400, a translator's rejection of
     * the image or budget ({@link TranslateException}) is 400, a temporary condition 503, anything else 500.
     * Exceptions thrown by the models' own copy of the core arrive from another class loader and are seen
     * through DJL's types only.
     *
     * @param failure the failure, possibly wrapped by a future
     * @return the status
     */
    static int statusOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HttpFailure http) {
            return http.status();
        }
        if (cause instanceof DiscardSearchException known) {
            return switch (known.category()) {
                case BAD_INPUT -> 400;
                case TRANSIENT -> 503;
                case BAD_CONFIG, INTERNAL -> 500;
            };
        }
        if (cause instanceof TranslateException) {
            return 400;
        }
        return 500;
    }

    /**
     * Returns the message the client sees: the failure's own for known kinds, a generic one otherwise (no
     * stack traces, no internals).
     *
     * @param failure the failure, possibly wrapped by a future
     * @return the message
     */
    static String messageOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HttpFailure || cause instanceof DiscardSearchException
                || cause instanceof TranslateException) {
            return cause.getMessage();
        }
        return "Internal error in the discard-search plugin: " + cause.getClass().getSimpleName();
    }

    /** Strips the wrappers futures add. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
