package org.discardsearch.kafka;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes and reads the JSON of result and report records, with Gson (the JSON library DJL and the rest of the
 * project use). A result leaves out what it does not have (no {@code label}, no {@code shadow}); a report keeps
 * its undefined statistics as {@code null}, as the plugin's report does. Thread-safe.
 */
public final class MessageCodec {

    private static final Gson RESULTS = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson REPORTS = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private MessageCodec() {
    }

    /**
     * Writes a result as UTF-8 JSON.
     *
     * @param result the result
     * @return the JSON bytes
     */
    public static byte[] write(ResultMessage result) {
        return RESULTS.toJson(result).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes a report's fields as UTF-8 JSON.
     *
     * @param report the fields ({@link ReportMessage#json()})
     * @return the JSON bytes
     */
    public static byte[] write(Map<String, Object> report) {
        return REPORTS.toJson(report).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a result record's value.
     *
     * @param json the UTF-8 JSON
     * @return the message
     * @throws JsonParseException if it is not a result's JSON
     */
    public static ResultMessage readResult(byte[] json) {
        ResultMessage result = RESULTS.fromJson(new String(json, StandardCharsets.UTF_8), ResultMessage.class);
        if (result == null) {
            throw new JsonParseException("Not a result message: empty");
        }
        return result;
    }
}
