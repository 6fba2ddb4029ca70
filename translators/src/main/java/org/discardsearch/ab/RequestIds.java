package org.discardsearch.ab;

import java.util.UUID;
import java.util.regex.Pattern;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Request ids: validated when a client sends one, generated when it does not. An id is 1 to
 * {@value #MAX_LENGTH} characters from {@code A-Z a-z 0-9 . _ : @ -}, so that it is safe in logs, headers and
 * URLs, and hashes the same everywhere.
 */
public final class RequestIds {

    /** The longest id accepted. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_LENGTH + "}");
    private static final int SHOWN = 40;

    private RequestIds() {
    }

    /**
     * Checks an id a client sent.
     *
     * @param id the id
     * @param field where it came from, for the message (e.g. the header name)
     * @return the same id
     * @throws DiscardSearchException of category BAD_INPUT naming the field and the value when the id is
     *     malformed
     */
    public static String requireValid(String id, String field) {
        if (id == null || !ALLOWED.matcher(id).matches()) {
            throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid request id: " + field + " = '"
                    + shorten(id) + "'; expected 1 to " + MAX_LENGTH + " characters from A-Z a-z 0-9 . _ : @ -");
        }
        return id;
    }

    /**
     * Returns the client's id, or a new random one when the client sent none.
     *
     * @param id the id the client sent, or null or blank for none
     * @param field where it came from, for the message
     * @return a valid id
     * @throws DiscardSearchException of category BAD_INPUT when the id is present but malformed
     */
    public static String orGenerate(String id, String field) {
        return id == null || id.isBlank() ? UUID.randomUUID().toString() : requireValid(id, field);
    }

    /** Cuts a value for display so that a huge or hostile value does not flood a message. */
    static String shorten(String value) {
        if (value == null) {
            return "";
        }
        String printable = value.codePoints().limit(SHOWN)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return value.codePointCount(0, value.length()) > SHOWN ? printable + "..." : printable;
    }
}
