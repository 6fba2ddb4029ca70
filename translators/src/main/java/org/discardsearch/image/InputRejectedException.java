package org.discardsearch.image;

import java.util.Objects;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * An input image that cannot be used, with a machine-readable {@link RejectReason}.
 *
 * <p>The category is always {@link ErrorCategory#BAD_INPUT}: retrying the same bytes cannot
 * succeed. The message has the shape {@code Image rejected: <what was found>; expected <what is
 * allowed>}, for example {@code Image rejected: 0 bytes; expected PNG or JPEG}. The code that
 * knows where the image came from adds that with {@link #withContext(String)}, which puts the
 * context in front: {@code record images-3@1042: Image rejected: 0 bytes; expected PNG or JPEG}.
 *
 * <p>Instances are immutable; {@code withContext} returns a new exception.
 */
public final class InputRejectedException extends DiscardSearchException {

    private static final long serialVersionUID = 1L;

    /** Why the input was rejected. */
    private final RejectReason reason;
    /** The message without context. */
    private final String detail;
    /** The context in front of the message, or empty. */
    private final String context;

    /**
     * Creates a rejection without a lower-level cause.
     *
     * @param reason the machine-readable reason
     * @param found what was wrong with the input, e.g. {@code "0 bytes"}
     * @param expected what would have been accepted, e.g. {@code "PNG or JPEG"}
     */
    public InputRejectedException(RejectReason reason, String found, String expected) {
        this(reason, found, expected, null);
    }

    /**
     * Creates a rejection that wraps the decoder's exception.
     *
     * @param reason the machine-readable reason
     * @param found what was wrong with the input; include the cause's message, since users see
     *     only this message
     * @param expected what would have been accepted
     * @param cause the lower-level exception, or {@code null}
     */
    public InputRejectedException(
            RejectReason reason, String found, String expected, Throwable cause) {
        super(
                ErrorCategory.BAD_INPUT,
                "Image rejected: " + found + "; expected " + expected,
                cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = getMessage();
        this.context = "";
    }

    /** A copy of {@code original} whose message starts with {@code context}. */
    private InputRejectedException(InputRejectedException original, String context) {
        super(ErrorCategory.BAD_INPUT, context + ": " + original.detail, original.getCause());
        this.reason = original.reason;
        this.detail = original.detail;
        this.context = context;
    }

    /**
     * Returns why the input was rejected.
     *
     * @return the reason code
     */
    public RejectReason reason() {
        return reason;
    }

    /**
     * Returns the message without any context, e.g. {@code Image rejected: 0 bytes; expected PNG
     * or JPEG}.
     *
     * @return the context-free message
     */
    public String detail() {
        return detail;
    }

    /**
     * Returns the context added by {@link #withContext(String)}, outermost first and separated by
     * {@code ": "}, or an empty string if none was added.
     *
     * @return the context, possibly empty
     */
    public String context() {
        return context;
    }

    /**
     * Returns a copy of this rejection whose message starts with the given context, such as the
     * record's {@code topic-partition@offset} or the request id.
     *
     * <p>The copy keeps the reason, the cause and the stack trace of this exception. Context added
     * to an exception that already has some goes in front of it. A blank context returns this
     * exception unchanged.
     *
     * @param context where the input came from, e.g. {@code "record images-3@1042"}
     * @return a new exception with the context, or this one if {@code context} is blank
     */
    public InputRejectedException withContext(String context) {
        Objects.requireNonNull(context, "context");
        if (context.isBlank()) {
            return this;
        }
        String combined = this.context.isEmpty() ? context : context + ": " + this.context;
        InputRejectedException copy = new InputRejectedException(this, combined);
        copy.setStackTrace(getStackTrace());
        for (Throwable suppressed : getSuppressed()) {
            copy.addSuppressed(suppressed);
        }
        return copy;
    }
}
