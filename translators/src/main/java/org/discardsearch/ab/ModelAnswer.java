package org.discardsearch.ab;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * A served model's JSON answer, as the discard-search serving translator writes it, with its top-1 class read
 * out: {@code {"predictions": [{"class": .., "index": k, "probability": ..}, ...], "budget": .., ...}}.
 *
 * @param json the answer exactly as the model wrote it
 * @param predictedClass the {@code index} of the first prediction, {@code >= 0}
 */
public record ModelAnswer(String json, int predictedClass) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the class is negative
     */
    public ModelAnswer {
        Objects.requireNonNull(json, "json");
        if (predictedClass < 0) {
            throw new IllegalArgumentException("predictedClass must be >= 0, got " + predictedClass);
        }
    }

    /**
     * Reads a model's answer.
     *
     * @param body the answer's bytes, UTF-8 JSON
     * @return the answer
     * @throws DiscardSearchException of category INTERNAL when the answer is not a discard-search answer (the
     *     model does not use this project's translator, or it changed)
     */
    public static ModelAnswer parse(byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        try {
            JsonElement root = JsonParser.parseString(json);
            JsonElement first = root.isJsonObject() && root.getAsJsonObject().has("predictions")
                    && root.getAsJsonObject().get("predictions").isJsonArray()
                    && !root.getAsJsonObject().getAsJsonArray("predictions").isEmpty()
                    ? root.getAsJsonObject().getAsJsonArray("predictions").get(0) : null;
            JsonElement index = first != null && first.isJsonObject() ? ((JsonObject) first).get("index") : null;
            if (index != null && index.isJsonPrimitive() && index.getAsJsonPrimitive().isNumber()) {
                double value = index.getAsDouble();
                if (value >= 0 && value == Math.rint(value) && value <= Integer.MAX_VALUE) {
                    return new ModelAnswer(json, (int) value);
                }
            }
        } catch (JsonParseException | IllegalStateException e) {
            throw notAnAnswer(json, e);
        }
        throw notAnAnswer(json, null);
    }

    /**
     * Returns the answer as a fresh JSON tree, to embed in a response.
     *
     * @return a new tree; the caller may modify it
     */
    public JsonElement tree() {
        return JsonParser.parseString(json);
    }

    private static DiscardSearchException notAnAnswer(String json, Exception cause) {
        return new DiscardSearchException(ErrorCategory.INTERNAL, "Model answer is not a discard-search answer: '"
                + RequestIds.shorten(json) + "'; expected JSON with predictions[0].index, as written by"
                + " DiscardSearchTranslatorFactory's Input/Output translator", cause);
    }
}
