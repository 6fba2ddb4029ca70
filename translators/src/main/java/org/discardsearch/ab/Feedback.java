package org.discardsearch.ab;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * The true label of an earlier A/B request: {@code {"id": "..", "label": 3}} as a JSON body, or the query
 * parameters {@code id} and {@code label}; the id may also come in the {@value AbHeaders#REQUEST_ID} header.
 * The label is the class index, as in the model's answer ({@code predictions[].index}).
 *
 * @param id the request id the label belongs to
 * @param label the true class index, {@code >= 0}
 */
public record Feedback(String id, int label) {

    /** The JSON field and query parameter that carry the id. */
    public static final String ID_FIELD = "id";

    /** The JSON field and query parameter that carry the label. */
    public static final String LABEL_FIELD = "label";

    /**
     * Validates the components.
     *
     * @throws DiscardSearchException of category BAD_INPUT for a malformed id or a negative label
     */
    public Feedback {
        RequestIds.requireValid(id, ID_FIELD);
        if (label < 0) {
            throw badLabel(Integer.toString(label), "a class index >= 0");
        }
    }

    /**
     * Reads feedback from a request. A non-empty body wins over the query parameters; the header is the id's
     * last resort.
     *
     * @param body the request body, possibly empty
     * @param idParameter the {@code id} query parameter, or null
     * @param labelParameter the {@code label} query parameter, or null
     * @param idHeader the {@value AbHeaders#REQUEST_ID} header, or null
     * @return the feedback
     * @throws DiscardSearchException of category BAD_INPUT for malformed JSON, a missing or malformed id, or a
     *     missing, fractional, negative or non-numeric label; the message names the field
     */
    public static Feedback parse(byte[] body, String idParameter, String labelParameter, String idHeader) {
        String id = idParameter;
        String label = labelParameter;
        if (body != null && body.length > 0) {
            JsonObject json = object(body);
            id = text(json.get(ID_FIELD), ID_FIELD);
            label = text(json.get(LABEL_FIELD), LABEL_FIELD);
        }
        if (id == null) {
            id = idHeader;
        }
        if (id == null || id.isBlank()) {
            throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Missing request id: give '" + ID_FIELD
                    + "' in the JSON body or query, or the " + AbHeaders.REQUEST_ID + " header");
        }
        if (label == null || label.isBlank()) {
            throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Missing label: give '" + LABEL_FIELD
                    + "' (the true class index) in the JSON body or query");
        }
        return new Feedback(id, parseLabel(label));
    }

    /**
     * Checks the label against the model's number of classes.
     *
     * @param classes the model's class count, when known
     * @return this feedback
     * @throws DiscardSearchException of category BAD_INPUT when the label is not below the class count
     */
    public Feedback requireLabelBelow(OptionalInt classes) {
        if (classes.isPresent() && label >= classes.getAsInt()) {
            throw badLabel(Integer.toString(label), "a class index in [0, " + (classes.getAsInt() - 1) + "]");
        }
        return this;
    }

    private static JsonObject object(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonElement root = JsonParser.parseString(text);
            if (root.isJsonObject()) {
                return root.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            throw notAnObject(text, e);
        }
        throw notAnObject(text, null);
    }

    private static DiscardSearchException notAnObject(String text, Exception cause) {
        return new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid feedback body: '"
                + RequestIds.shorten(text) + "'; expected a JSON object such as {\"" + ID_FIELD + "\": \"req-1\", \""
                + LABEL_FIELD + "\": 3}", cause);
    }

    /** Reads a JSON string or number as text; absent or null gives null. */
    private static String text(JsonElement value, String field) {
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value instanceof JsonPrimitive primitive && (primitive.isString() || primitive.isNumber())) {
            return primitive.getAsString();
        }
        throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid value '"
                + RequestIds.shorten(value.toString()) + "' for " + field + "; expected a string or a number");
    }

    private static int parseLabel(String text) {
        String trimmed = text.trim();
        if (!trimmed.matches("[0-9]{1,9}")) {
            throw badLabel(text, "a class index >= 0, written as a whole number");
        }
        return Integer.parseInt(trimmed);
    }

    private static DiscardSearchException badLabel(String value, String allowed) {
        return new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid value '" + RequestIds.shorten(value)
                + "' for " + LABEL_FIELD + "; allowed: " + allowed);
    }
}
