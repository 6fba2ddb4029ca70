package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.discardsearch.result.Prediction;
import org.junit.jupiter.api.Test;

/** The group report counts each source record once, and leaves out, counted, what the consumer did not write. */
class GroupReportTest {

    private static ConsumerRecord<byte[], byte[]> result(String arm, long sourceOffset) {
        ResultMessage message = new ResultMessage("img-" + sourceOffset, "m", arm, 1, 1, 1, false,
                List.of(new Prediction(3, "dress", 0.9)), 1.5, 16, 3, new SourceRecord("images", 0, sourceOffset),
                null);
        return new ConsumerRecord<>("results", 0, sourceOffset, null, MessageCodec.write(message));
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(String sourceOffset) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("dead", 0, 0, null, null);
        record.headers().add(HeaderNames.SOURCE_TOPIC, HeaderNames.bytes("images"));
        record.headers().add(HeaderNames.SOURCE_PARTITION, HeaderNames.bytes("0"));
        record.headers().add(HeaderNames.SOURCE_OFFSET, HeaderNames.bytes(sourceOffset));
        return record;
    }

    @Test
    void aSourceRecordWrittenTwiceCountsOnce() {
        GroupReport report = new GroupReport();
        report.addResult(result("search", 1));
        report.addResult(result("search", 1));
        report.addDeadLetter(deadLetter("2"));
        report.addDeadLetter(deadLetter("2"));
        ReportMessage message = report.message(0);
        assertEquals(1, message.results());
        assertEquals(1, message.deadLetters());
        assertEquals(2, report.duplicates());
        assertEquals(1, message.report().search().count());
        assertEquals(1, message.report().search().correct());
    }

    @Test
    void resultsOfBothArmsAreASplit() {
        GroupReport report = new GroupReport();
        report.addResult(result("search", 1));
        report.addResult(result("vanilla", 2));
        assertEquals("split", report.message(0).mode());
    }

    @Test
    void recordsTheConsumerDidNotWriteAreLeftOutAndCounted() {
        GroupReport report = new GroupReport();
        report.addResult(new ConsumerRecord<>("results", 0, 0, null, "not json".getBytes(StandardCharsets.UTF_8)));
        report.addResult(result("neither", 1));
        report.addDeadLetter(deadLetter("x"));
        report.addDeadLetter(new ConsumerRecord<>("dead", 0, 1, null, null));
        assertEquals(4, report.unreadable());
        assertEquals(0, report.message(0).records());
    }
}
