package org.discardsearch.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.discardsearch.error.ConfigException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.image.InputRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the dead letter of a record that cannot be scored: its key, value and headers as received, plus headers
 * that say why and where it came from. A dead letter is always writable: one the producer could not write would
 * stop the partition at that record for good. So when it would not fit the dead-letter topic's
 * {@link TopicLimit}, the value is left out, and when even that is too large, the key and the original headers
 * as well; the {@value HeaderNames#DROPPED} headers then say what was left out and why.
 *
 * <p>Thread-safe.
 */
final class DeadLetters {

    /**
     * Room a dead letter needs beside the value of a record of {@code discard.record.max.bytes}: the key, the
     * original headers and ours. Ours take well under a kilobyte; the rest is for the producer's key and headers.
     */
    static final int HEADROOM_BYTES = 16 * 1024;

    /** Longest error message kept when a dead letter must shrink; the message may quote a header's value. */
    private static final int SHORT_MESSAGE_CHARS = 1000;

    private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

    private final TopicLimit limit;

    /**
     * Creates the builder for a dead-letter topic.
     *
     * @param limit the largest record the topic takes from the consumer's producer
     */
    DeadLetters(TopicLimit limit) {
        this.limit = limit;
    }

    /**
     * Checks at start that a record the consumer accepts for scoring can go to the dead-letter topic with its
     * value if it turns out to be bad.
     *
     * @param recordMaxBytes the value of {@code discard.record.max.bytes}
     * @param limit the dead-letter topic's limit
     * @throws ConfigException naming {@code discard.record.max.bytes}, its value, the limit and what is allowed
     */
    static void checkRoom(int recordMaxBytes, TopicLimit limit) {
        long allowed = (long) limit.maxBytes() - HEADROOM_BYTES;
        if (recordMaxBytes > allowed) {
            String key = ConsumerKeys.RECORD_MAX_BYTES.name();
            throw new ConfigException(key, "Invalid value '" + recordMaxBytes + "' for " + key + ": the dead letter "
                    + "of such a record would not fit topic " + limit.topic() + ", which takes at most " + limit
                    + "; allowed: at most " + Math.max(allowed, 0) + " (the limit less " + HEADROOM_BYTES
                    + " bytes for the key and headers), or raise the producer's max.request.size and the topic's"
                    + " max.message.bytes");
        }
    }

    /**
     * Builds a record's dead letter and logs it (WARN).
     *
     * @param record the record as consumed
     * @param error why it cannot be scored, naming the record
     * @return the dead letter, which fits the topic's limit
     */
    ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> record, DiscardSearchException error) {
        ProducerRecord<byte[], byte[]> full = build(record, error, error.getMessage(), List.of());
        if (limit.fits(full)) {
            logger.warn("Dead letter: {}", error.getMessage());
            return full;
        }
        String why = "the dead letter would take " + TopicLimit.sizeOf(full) + " bytes; topic " + limit.topic()
                + " takes at most " + limit;
        ProducerRecord<byte[], byte[]> noValue = build(record, error, error.getMessage(), List.of("value"));
        ProducerRecord<byte[], byte[]> letter = limit.fits(noValue) ? noValue
                : build(record, error, shorten(error.getMessage()),
                        List.of("value", "key", "headers"));
        logger.warn("Dead letter without its {}: {} ({})", HeaderNames.text(letter.headers(), HeaderNames.DROPPED),
                error.getMessage(), why);
        letter.headers().add(HeaderNames.DROPPED_REASON, HeaderNames.bytes(why));
        return letter;
    }

    private ProducerRecord<byte[], byte[]> build(ConsumerRecord<byte[], byte[]> record,
            DiscardSearchException error, String message, List<String> dropped) {
        RecordHeaders headers = dropped.contains("headers") ? new RecordHeaders()
                : new RecordHeaders(record.headers().toArray());
        headers.add(HeaderNames.ERROR_CATEGORY, HeaderNames.bytes(error.category().name()));
        if (error instanceof InputRejectedException rejected) {
            headers.add(HeaderNames.ERROR_REASON, HeaderNames.bytes(rejected.reason().name()));
        }
        headers.add(HeaderNames.ERROR_MESSAGE, HeaderNames.bytes(message));
        headers.add(HeaderNames.SOURCE_TOPIC, HeaderNames.bytes(record.topic()));
        headers.add(HeaderNames.SOURCE_PARTITION, HeaderNames.bytes(Integer.toString(record.partition())));
        headers.add(HeaderNames.SOURCE_OFFSET, HeaderNames.bytes(Long.toString(record.offset())));
        if (!dropped.isEmpty()) {
            headers.add(HeaderNames.DROPPED, HeaderNames.bytes(String.join(",", dropped)));
            headers.add(HeaderNames.ORIGINAL_VALUE_BYTES,
                    HeaderNames.bytes(Integer.toString(record.value() == null ? 0 : record.value().length)));
        }
        return new ProducerRecord<>(limit.topic(), null, dropped.contains("key") ? null : record.key(),
                dropped.contains("value") ? null : record.value(), headers);
    }

    private static String shorten(String message) {
        return message.length() <= SHORT_MESSAGE_CHARS ? message
                : message.substring(0, SHORT_MESSAGE_CHARS) + "... (" + message.length() + " characters)";
    }
}
