package org.discardsearch.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The header names the consumer reads on input records and writes on dead letters. Header names are public API.
 */
public final class HeaderNames {

    /** Input: the true class index, as decimal text; optional. Enables per-arm accuracy. */
    public static final String LABEL = "label";
    /** Input: the search budget this record asks for, as decimal text; optional. Applies to the search arm. */
    public static final String BUDGET = "budget";
    /** Input: {@code image/png} or {@code image/jpeg}; optional. Any other value sends the record to dead letters. */
    public static final String CONTENT_TYPE = "content-type";

    /** Dead letter: the error category, e.g. {@code BAD_INPUT}. */
    public static final String ERROR_CATEGORY = "discard.error.category";
    /** Dead letter: why the core rejected the image, e.g. {@code CORRUPT}; absent for other errors. */
    public static final String ERROR_REASON = "discard.error.reason";
    /** Dead letter: the error message, naming the record and what was wrong. */
    public static final String ERROR_MESSAGE = "discard.error.message";
    /** Dead letter: the source topic. */
    public static final String SOURCE_TOPIC = "discard.source.topic";
    /** Dead letter: the source partition, as decimal text. */
    public static final String SOURCE_PARTITION = "discard.source.partition";
    /** Dead letter: the source offset, as decimal text. */
    public static final String SOURCE_OFFSET = "discard.source.offset";

    /**
     * Dead letter: what was left out to make it fit the dead-letter topic, {@code value} or
     * {@code value,key,headers}; absent when nothing was.
     */
    public static final String DROPPED = "discard.dropped";
    /** Dead letter: why it was left out, naming the size and the limit; set with {@value #DROPPED}. */
    public static final String DROPPED_REASON = "discard.dropped.reason";
    /** Dead letter: the size of the value left out, as decimal text; set with {@value #DROPPED}. */
    public static final String ORIGINAL_VALUE_BYTES = "discard.original.value.bytes";

    private HeaderNames() {
    }

    /**
     * Reads the last header of a name as UTF-8 text.
     *
     * @param headers the record's headers
     * @param name the header name
     * @return the text, or null when absent or without a value
     */
    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Encodes header text as UTF-8.
     *
     * @param text the text
     * @return its bytes
     */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
