package org.discardsearch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes and reads the JSON of result and report records. Enums are written as their lower-case labels.
 * Thread-safe.
 */
public final class MessageCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

    private MessageCodec() {
    }

    /**
     * Writes a value as UTF-8 JSON.
     *
     * @param value a record of this package, or a report snapshot
     * @return the JSON bytes
     */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a result record's value.
     *
     * @param json the UTF-8 JSON
     * @return the message
     */
    public static ResultMessage readResult(byte[] json) {
        try {
            return MAPPER.readValue(json, ResultMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a result message", e);
        }
    }
}
