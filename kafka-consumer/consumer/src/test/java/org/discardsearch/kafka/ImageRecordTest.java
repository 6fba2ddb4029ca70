package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.image.InputRejectedException;
import org.discardsearch.image.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRecordTest {

    private static final byte[] SOME_BYTES = {(byte) 0x89, 'P', 'N', 'G'};

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, Map<String, String> headers) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("images", 3, 1042, key, value);
        headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    @Test
    void readsIdLabelAndBudget() {
        ImageRecord image = ImageRecord.read(record("img-7".getBytes(StandardCharsets.UTF_8), SOME_BYTES,
                Map.of("label", "9", "budget", "16", "content-type", "image/png")), 1000, 10);
        assertEquals("img-7", image.id());
        assertEquals(OptionalInt.of(9), image.label());
        assertEquals(OptionalInt.of(16), image.image().budget());
        assertEquals(new SourceRecord("images", 3, 1042), image.source());
    }

    @Test
    void recordWithoutKeyIsNamedByItsCoordinates() {
        assertEquals("images-3@1042", ImageRecord.read(record(null, SOME_BYTES, Map.of()), 1000, 10).id());
    }

    @Test
    void emptyValueIsRejectedAsEmpty() {
        InputRejectedException e = assertThrows(InputRejectedException.class,
                () -> ImageRecord.read(record(null, new byte[0], Map.of()), 1000, 10));
        assertEquals(RejectReason.EMPTY, e.reason());
        assertTrue(e.getMessage().startsWith("record images-3@1042: "), e.getMessage());
    }

    @Test
    void oversizedValueIsRejectedNamingTheLimitKey() {
        InputRejectedException e = assertThrows(InputRejectedException.class,
                () -> ImageRecord.read(record(null, new byte[11], Map.of()), 10, 10));
        assertEquals(RejectReason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("11 bytes") && e.getMessage().contains("discard.record.max.bytes"),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}: ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "label | ten",
        "label | -1",
        "label | 10",
        "label | 3.0",
        "budget | 0",
        "budget | many",
        "content-type | image/gif",
    })
    void badHeaderIsBadInputNamingHeaderAndValue(String header, String value) {
        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> ImageRecord.read(record(null, SOME_BYTES, Map.of(header, value)), 1000, 10));
        assertEquals(ErrorCategory.BAD_INPUT, e.category());
        assertTrue(e.getMessage().contains(header + " = '" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("images-3@1042"), e.getMessage());
    }
}
