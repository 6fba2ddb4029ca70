package org.discardsearch.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.image.InputRejectedException;
import org.discardsearch.stats.AbReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one micro-batch of consumed records into result and dead-letter records and hands them to the producer:
 * read the records, score them by mode, send, and (exactly-once) commit the input offsets in the same
 * transaction. Error categories are mapped in {@link #actionFor(ErrorCategory)}, and only there. No output record
 * exceeds its topic's {@link TopicLimit}: one could never be written, and would stop the partition for good.
 *
 * <p>Runs on the consumer's single scoring thread; the producer is shared with nothing else.
 */
final class BatchProcessor {

    private static final Logger logger = LoggerFactory.getLogger(BatchProcessor.class);

    /** What the consumer does with an error of a category. */
    enum Action {
        /** Write the record to the dead-letter topic and go on. */
        DEAD_LETTER,
        /** Score the micro-batch again after a pause, then stop if it still fails. */
        RETRY,
        /** Stop without committing the micro-batch. */
        STOP
    }

    private final ScoringConsumerConfig config;
    private final RecordScorer scorer;
    private final ModeRouter router;
    private final Producer<byte[], byte[]> producer;
    private final AbReport report;
    private final ConsumerProgress progress;
    private final TopicLimit resultLimit;
    private final DeadLetters deadLetters;

    BatchProcessor(ScoringConsumerConfig config, RecordScorer scorer, Producer<byte[], byte[]> producer,
            AbReport report, ConsumerProgress progress, TopicLimit resultLimit, DeadLetters deadLetters) {
        this.config = config;
        this.scorer = scorer;
        this.router = new ModeRouter(scorer, config.mode(), config.splitSearchFraction());
        this.producer = producer;
        this.report = report;
        this.progress = progress;
        this.resultLimit = resultLimit;
        this.deadLetters = deadLetters;
    }

    /**
     * Maps an error category to what the consumer does: the one place where categories become actions.
     *
     * @param category the category
     * @return the action
     */
    static Action actionFor(ErrorCategory category) {
        return switch (category) {
            case BAD_INPUT -> Action.DEAD_LETTER;
            case TRANSIENT -> Action.RETRY;
            case BAD_CONFIG, INTERNAL -> Action.STOP;
        };
    }

    /**
     * Processes a micro-batch.
     *
     * @param records the records, in consumption order
     * @param offsets the next offset of every partition in the batch
     * @param group the consumer's group metadata when the batch was taken, for the transaction
     * @return completes when every output record is acknowledged (at-least-once) or the transaction is committed
     *     (exactly-once); fails when a send or the transaction fails
     * @throws DiscardSearchException when scoring failed for good (INTERNAL, or TRANSIENT after the retries)
     */
    CompletableFuture<Void> process(List<ConsumerRecord<byte[], byte[]>> records,
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        List<ProducerRecord<byte[], byte[]>> out = toOutput(records);
        if (config.delivery() == DeliveryGuarantee.EXACTLY_ONCE) {
            producer.beginTransaction();
            try {
                out.forEach(producer::send);
                producer.sendOffsetsToTransaction(offsets, group);
                producer.commitTransaction();
            } catch (RuntimeException e) {
                abort(e);
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        AtomicInteger waiting = new AtomicInteger(out.size());
        if (out.isEmpty()) {
            acked.complete(null);
        }
        for (ProducerRecord<byte[], byte[]> record : out) {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else if (waiting.decrementAndGet() == 0) {
                    acked.complete(null);
                }
            });
        }
        return acked;
    }

    private void abort(RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private List<ProducerRecord<byte[], byte[]>> toOutput(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        List<ImageRecord> readable = new ArrayList<>(records.size());
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                readable.add(ImageRecord.read(record, config.recordMaxBytes(), scorer.classCount()));
                sources.add(record);
            } catch (DiscardSearchException e) {
                out.add(deadLetters.of(record, e));
            }
        }
        List<ScoredRecord> scored = scoreWithRetries(readable);
        long results = 0;
        for (int i = 0; i < scored.size(); i++) {
            ScoredRecord one = scored.get(i);
            ProducerRecord<byte[], byte[]> result = one.error() != null ? null
                    : new ProducerRecord<>(config.resultTopic(), null,
                            one.record().id().getBytes(StandardCharsets.UTF_8),
                            MessageCodec.write(ResultMessage.of(one, scorer.modelName(), config.topK())));
            if (result != null && resultLimit.fits(result)) {
                out.add(result);
                AbObservation.of(one).addTo(report);
                results++;
            } else {
                DiscardSearchException error = result == null ? withSource(one.error(), one.record().source())
                        : tooLarge(result, one.record());
                out.add(deadLetters.of(sources.get(i), error));
            }
        }
        progress.add(records.size(), results, records.size() - results);
        return out;
    }

    private List<ScoredRecord> scoreWithRetries(List<ImageRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return router.score(records);
            } catch (DiscardSearchException e) {
                if (actionFor(e.category()) != Action.RETRY || attempt >= config.retryAttempts()) {
                    throw e;
                }
                logger.warn("Scoring {} records from {} failed ({}); retry {} of {} in {} ms", records.size(),
                        records.get(0).source(), e.getMessage(), attempt + 1, config.retryAttempts(),
                        config.retryBackoffMillis());
                sleep(config.retryBackoffMillis());
            }
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while waiting to retry", e);
        }
    }

    /** The error of a result the result topic would refuse: only a very long key makes one that large. */
    private DiscardSearchException tooLarge(ProducerRecord<byte[], byte[]> result, ImageRecord record) {
        return new DiscardSearchException(ErrorCategory.BAD_INPUT, "record " + record.source() + ": its result "
                + "would take " + TopicLimit.sizeOf(result) + " bytes with a key of " + result.key().length
                + " bytes; topic " + resultLimit.topic() + " takes at most " + resultLimit
                + "; expected a shorter key");
    }

    /** Puts the record's coordinates in front of an error the core raised without knowing them. */
    private static DiscardSearchException withSource(DiscardSearchException error, SourceRecord source) {
        String context = "record " + source;
        if (error instanceof InputRejectedException rejected) {
            return rejected.withContext(context);
        }
        return new DiscardSearchException(error.category(), context + ": " + error.getMessage(), error);
    }

}
