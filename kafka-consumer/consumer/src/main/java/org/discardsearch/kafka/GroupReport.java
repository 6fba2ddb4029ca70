package org.discardsearch.kafka;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.discardsearch.stats.AbReport;

/**
 * The A/B report of everything a consumer group wrote, built from its result and dead-letter topics rather than
 * from one process's memory: it covers every consumer of the group and survives restarts. Each source record
 * counts once, because a restart or a rebalance scores some records again (at-least-once) and writes their
 * output twice; the first copy read is kept. Holds one entry per source record read.
 *
 * <p>Not thread-safe.
 */
final class GroupReport {

    private final AbReport report = new AbReport();
    private final Set<SourceRecord> seen = new HashSet<>();
    private final Set<String> models = new TreeSet<>();
    private final Set<String> kinds = new TreeSet<>();
    private long results;
    private long deadLetters;
    private long duplicates;
    private long unreadable;
    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    /**
     * Counts a record of the result topic.
     *
     * @param record the record; one that is not a result message is counted as unreadable
     */
    void addResult(ConsumerRecord<byte[], byte[]> record) {
        ResultMessage result;
        AbObservation observation;
        try {
            result = MessageCodec.readResult(record.value());
            observation = AbObservation.of(result);
        } catch (RuntimeException e) {
            // Not JSON, or a result without its arm, classes or source: not written by the consumer.
            unreadable++;
            return;
        }
        if (result.source() == null) {
            unreadable++;
        } else if (first(result.source(), record)) {
            observation.addTo(report);
            models.add(result.model());
            kinds.add(result.shadow() != null ? "shadow" : result.arm());
            results++;
        }
    }

    /**
     * Counts a record of the dead-letter topic.
     *
     * @param record the record; one without the source headers is counted as unreadable
     */
    void addDeadLetter(ConsumerRecord<byte[], byte[]> record) {
        String topic = HeaderNames.text(record.headers(), HeaderNames.SOURCE_TOPIC);
        SourceRecord source;
        try {
            source = new SourceRecord(topic,
                    Integer.parseInt(HeaderNames.text(record.headers(), HeaderNames.SOURCE_PARTITION)),
                    Long.parseLong(HeaderNames.text(record.headers(), HeaderNames.SOURCE_OFFSET)));
        } catch (NumberFormatException e) {
            unreadable++;
            return;
        }
        if (topic == null) {
            unreadable++;
        } else if (first(source, record)) {
            deadLetters++;
        }
    }

    /** Whether a source record is counted for the first time; notes the record's time if so. */
    private boolean first(SourceRecord source, ConsumerRecord<byte[], byte[]> record) {
        if (!seen.add(source)) {
            duplicates++;
            return false;
        }
        firstMillis = Math.min(firstMillis, record.timestamp());
        lastMillis = Math.max(lastMillis, record.timestamp());
        return true;
    }

    /**
     * Returns how many records repeated a source record already counted.
     *
     * @return the count
     */
    long duplicates() {
        return duplicates;
    }

    /**
     * Returns how many records were neither a result nor a dead letter of the consumer, and were left out.
     *
     * @return the count
     */
    long unreadable() {
        return unreadable;
    }

    /**
     * Returns the report. Its mode is what the results show: {@code shadow}, {@code search} or {@code vanilla}
     * when all are of one kind, {@code split} for both arms, else the kinds joined with {@code +}; its rate is the
     * records over the span of their timestamps.
     *
     * @param timestampMs the report's time, milliseconds since the epoch
     * @return the report
     */
    ReportMessage message(long timestampMs) {
        String mode = kinds.equals(Set.of("search", "vanilla")) ? "split" : String.join("+", kinds);
        long records = results + deadLetters;
        double seconds = (lastMillis - firstMillis) / 1e3;
        return new ReportMessage(String.join(",", models), mode, timestampMs, records, results, deadLetters,
                seconds > 0 ? records / seconds : 0, report.snapshot());
    }
}
