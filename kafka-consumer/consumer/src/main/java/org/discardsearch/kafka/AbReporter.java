package org.discardsearch.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.discardsearch.config.ValueType;
import org.discardsearch.stats.AbReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the A/B report every {@code discard.report.interval.ms}, as text to the log (INFO) and as JSON to the
 * report topic keyed by the model name, and when the consumer stops, to the topic only: the last report goes
 * back to whoever ran the consumer, who shows it once (the main job printed it twice when this logged it too).
 *
 * <p>Called from the consumer's polling thread only.
 */
final class AbReporter {

    private static final Logger logger = LoggerFactory.getLogger(AbReporter.class);

    private final String model;
    private final ScoringMode mode;
    private final AbReport report;
    private final ConsumerProgress progress;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final long intervalNanos;
    private long firstRecordNanos;
    private long nextReportNanos;

    AbReporter(String model, ScoringMode mode, AbReport report, ConsumerProgress progress,
            Producer<byte[], byte[]> producer, String topic, long intervalMillis) {
        this.model = model;
        this.mode = mode;
        this.report = report;
        this.progress = progress;
        this.producer = producer;
        this.topic = topic;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nextReportNanos = System.nanoTime() + intervalNanos;
    }

    /** Reports if the interval has passed since the last report; never when the interval is 0. */
    void maybeReport() {
        long now = System.nanoTime();
        if (firstRecordNanos == 0 && progress.records() > 0) {
            firstRecordNanos = now;
        }
        if (intervalNanos > 0 && now - nextReportNanos >= 0) {
            logger.info("{}", report().text());
            nextReportNanos = now + intervalNanos;
        }
    }

    /**
     * Takes the report now and sends it to the report topic.
     *
     * @return the report
     */
    ReportMessage report() {
        long now = System.nanoTime();
        double seconds = firstRecordNanos == 0 ? 0 : (now - firstRecordNanos) / 1e9;
        ReportMessage message = new ReportMessage(model, ValueType.enumName(mode), System.currentTimeMillis(),
                progress.records(), progress.results(), progress.deadLetters(),
                seconds > 0 ? progress.records() / seconds : 0, report.snapshot());
        producer.send(new ProducerRecord<>(topic, model.getBytes(StandardCharsets.UTF_8),
                MessageCodec.write(message.json())), (metadata, error) -> {
                    if (error != null) {
                        logger.warn("A/B report not written to {}: {}", topic, error.toString());
                    }
                });
        return message;
    }
}
