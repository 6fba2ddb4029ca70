package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.discardsearch.error.ConfigException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;

/** A dead letter always fits its topic, leaving out the value first, and says what it left out and why. */
class DeadLettersTest {

    private static final TopicLimit LIMIT = new TopicLimit("dead", 20_000, "producer max.request.size = 20000");
    private static final DeadLetters DEAD_LETTERS = new DeadLetters(LIMIT);
    private static final DiscardSearchException ERROR = new DiscardSearchException(ErrorCategory.BAD_INPUT,
            "record images-0@7: bad");

    private static ConsumerRecord<byte[], byte[]> record(int keyBytes, int valueBytes) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("images", 0, 7, new byte[keyBytes],
                new byte[valueBytes]);
        record.headers().add("label", "3".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ProducerRecord<byte[], byte[]> letter, String name) {
        return HeaderNames.text(letter.headers(), name);
    }

    @Test
    void aDeadLetterThatFitsKeepsEverything() {
        ProducerRecord<byte[], byte[]> letter = DEAD_LETTERS.of(record(10, 1000), ERROR);
        assertArrayEquals(new byte[1000], letter.value());
        assertArrayEquals(new byte[10], letter.key());
        assertEquals("3", header(letter, "label"));
        assertNull(header(letter, HeaderNames.DROPPED));
        assertEquals("dead", letter.topic());
    }

    @Test
    void aValueTooLargeIsLeftOutAndTheHeadersSaySo() {
        ProducerRecord<byte[], byte[]> letter = DEAD_LETTERS.of(record(10, 30_000), ERROR);
        assertNull(letter.value());
        assertArrayEquals(new byte[10], letter.key());
        assertEquals("3", header(letter, "label"));
        assertEquals("value", header(letter, HeaderNames.DROPPED));
        assertEquals("30000", header(letter, HeaderNames.ORIGINAL_VALUE_BYTES));
        String reason = header(letter, HeaderNames.DROPPED_REASON);
        assertTrue(reason.contains("20000 bytes (producer max.request.size = 20000)"), reason);
        assertTrue(LIMIT.fits(letter));
    }

    @Test
    void aKeyTooLargeIsLeftOutWithTheValueAndTheOriginalHeaders() {
        ProducerRecord<byte[], byte[]> letter = DEAD_LETTERS.of(record(25_000, 100), ERROR);
        assertNull(letter.value());
        assertNull(letter.key());
        assertNull(header(letter, "label"));
        assertEquals("value,key,headers", header(letter, HeaderNames.DROPPED));
        assertEquals("images", header(letter, HeaderNames.SOURCE_TOPIC));
        assertEquals("7", header(letter, HeaderNames.SOURCE_OFFSET));
        assertEquals("record images-0@7: bad", header(letter, HeaderNames.ERROR_MESSAGE));
        assertTrue(LIMIT.fits(letter));
    }

    @Test
    void aRecordLimitTooCloseToTheDeadLetterLimitFailsNamingBoth() {
        ConfigException e = assertThrows(ConfigException.class, () -> DeadLetters.checkRoom(10_000, LIMIT));
        assertEquals("discard.record.max.bytes", e.key());
        assertTrue(e.getMessage().contains("'10000'") && e.getMessage().contains("topic dead")
                && e.getMessage().contains("max.request.size = 20000") && e.getMessage().contains("at most 3616"),
                e.getMessage());
    }

    @Test
    void theDefaultRecordLimitFitsTheDefaultProducerLimit() {
        TopicLimit defaults = new TopicLimit("dead", 1_048_576, "producer max.request.size = 1048576");
        assertDoesNotThrow(() -> DeadLetters.checkRoom(
                ConsumerKeys.RECORD_MAX_BYTES.defaultValue().orElseThrow(), defaults));
    }
}
