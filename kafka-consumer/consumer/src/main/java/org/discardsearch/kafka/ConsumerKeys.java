package org.discardsearch.kafka;

import java.util.List;

import org.discardsearch.config.ConfigKey;
import org.discardsearch.config.ConfigKeySet;
import org.discardsearch.config.Validator;
import org.discardsearch.config.ValueType;

/**
 * The consumer's own configuration keys, each declared once: name, type, default, validator and doc. They all
 * live under {@value #PREFIX}; an unknown key under that prefix fails at start. Every other key is a Kafka
 * client setting and passes through (see {@link ScoringConsumerConfig}).
 *
 * <p>The key names are public API: deployments spell them in their files, so renaming one is a breaking change.
 */
public final class ConsumerKeys {

    /** The prefix of every key of ours. */
    public static final String PREFIX = "discard.";

    /** The model archive folder. */
    public static final ConfigKey<String> ARCHIVE = ConfigKey.required("discard.archive", ValueType.STRING,
            Validator.any(), "Folder of the DJL model archive (with serving.properties) that scores the images.");

    /** Which arm scores each record. */
    public static final ConfigKey<ScoringMode> MODE = ConfigKey.of("discard.mode",
            ValueType.ofEnum(ScoringMode.class), "search", Validator.any(),
            "search: every record with discard search; vanilla: budget 1; shadow: both arms on every record; "
                    + "split: a stable hash of the key picks the arm.");

    /** The search arm's share in split mode. */
    public static final ConfigKey<Double> SPLIT_SEARCH_FRACTION = ConfigKey.of("discard.split.search.fraction",
            ValueType.DOUBLE, "0.5", Validator.between(0.0, 1.0),
            "In split mode, the share of record keys sent to the search arm; the rest go to vanilla.");

    /** The input topic. */
    public static final ConfigKey<String> INPUT_TOPIC = ConfigKey.of("discard.topic.input", ValueType.STRING,
            "images", Validator.any(), "Topic of images: key = image id, value = PNG or JPEG bytes.");

    /** The result topic. */
    public static final ConfigKey<String> RESULT_TOPIC = ConfigKey.of("discard.topic.results", ValueType.STRING,
            "image-results", Validator.any(), "Topic that receives one JSON result per scored record.");

    /** The dead-letter topic. */
    public static final ConfigKey<String> DEAD_LETTER_TOPIC = ConfigKey.of("discard.topic.dead.letters",
            ValueType.STRING, "image-dead-letters", Validator.any(),
            "Topic that receives every record that cannot be scored, with headers that say why.");

    /** The A/B report topic. */
    public static final ConfigKey<String> REPORT_TOPIC = ConfigKey.of("discard.topic.reports", ValueType.STRING,
            "image-ab-reports", Validator.any(), "Topic that receives the periodic A/B report as JSON.");

    /** Whether to create missing output topics at start. */
    public static final ConfigKey<Boolean> CREATE_TOPICS = ConfigKey.of("discard.topics.create", ValueType.BOOLEAN,
            "true", Validator.any(),
            "Create the result, dead-letter and report topics at start when missing, with the input topic's "
                    + "partition count.");

    /** Records per model call. */
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.of("discard.batch.size", ValueType.INT, "16",
            Validator.between(1, 1024), "Most records scored in one model call (micro-batch).");

    /** How long a partial micro-batch waits for more records. */
    public static final ConfigKey<Integer> BATCH_LINGER_MS = ConfigKey.of("discard.batch.linger.ms", ValueType.INT,
            "20", Validator.between(0, 60_000),
            "Milliseconds a partial micro-batch waits for more records before it is scored anyway.");

    /** Micro-batches in flight before the partitions are paused. */
    public static final ConfigKey<Integer> QUEUE_BATCHES = ConfigKey.of("discard.queue.batches", ValueType.INT, "8",
            Validator.between(1, 64),
            "Micro-batches being scored or awaiting acknowledgement; at this bound the consumer pauses its "
                    + "partitions until one completes.");

    /** How often completed offsets are committed in at-least-once mode. */
    public static final ConfigKey<Integer> COMMIT_INTERVAL_MS = ConfigKey.of("discard.commit.interval.ms",
            ValueType.INT, "1000", Validator.between(0, 600_000),
            "At-least-once: milliseconds between commits of the completed micro-batches' offsets (also committed on "
                    + "revocation and stop); 0 = after every micro-batch. A crash scores again what completed since "
                    + "the last commit.");

    /** The largest record value scored. */
    public static final ConfigKey<Integer> RECORD_MAX_BYTES = ConfigKey.of("discard.record.max.bytes",
            ValueType.INT, "1000000", Validator.between(1, 1 << 30),
            "Largest record value scored, in bytes; larger records go to the dead-letter topic without their "
                    + "value. At start it must leave 16384 bytes below the dead-letter topic's limit (the producer's "
                    + "max.request.size, 1048576 by default, and the topic's max.message.bytes), so that a bad "
                    + "record it admits keeps its value there.");

    /** Results per record. */
    public static final ConfigKey<Integer> TOP_K = ConfigKey.of("discard.top.k", ValueType.INT, "5",
            Validator.between(1, 1000), "Classes per result, best first (fewer when the model has fewer).");

    /** The delivery guarantee. */
    public static final ConfigKey<DeliveryGuarantee> DELIVERY = ConfigKey.of("discard.delivery",
            ValueType.ofEnum(DeliveryGuarantee.class), "at-least-once", Validator.any(),
            "at-least-once: commit offsets after the results are acknowledged; exactly-once: results and offsets "
                    + "in one transaction per micro-batch (readers use isolation.level=read_committed).");

    /** How often the A/B report is written. */
    public static final ConfigKey<Integer> REPORT_INTERVAL_MS = ConfigKey.of("discard.report.interval.ms",
            ValueType.INT, "30000", Validator.atLeast(0),
            "Milliseconds between A/B reports to the log and the report topic; 0 = only when the consumer stops.");

    /** Retries of a micro-batch after a transient failure. */
    public static final ConfigKey<Integer> RETRY_ATTEMPTS = ConfigKey.of("discard.retry.attempts", ValueType.INT,
            "3", Validator.between(0, 100),
            "Times a micro-batch is scored again after a transient failure before the consumer stops.");

    /** Pause between retries. */
    public static final ConfigKey<Integer> RETRY_BACKOFF_MS = ConfigKey.of("discard.retry.backoff.ms",
            ValueType.INT, "1000", Validator.between(0, 600_000), "Milliseconds between those retries.");

    /** Every key, in declaration order. */
    public static final ConfigKeySet KEYS = new ConfigKeySet("Kafka consumer", List.of(PREFIX),
            List.of(ARCHIVE, MODE, SPLIT_SEARCH_FRACTION, INPUT_TOPIC, RESULT_TOPIC, DEAD_LETTER_TOPIC,
                    REPORT_TOPIC, CREATE_TOPICS, BATCH_SIZE, BATCH_LINGER_MS, QUEUE_BATCHES, COMMIT_INTERVAL_MS,
                    RECORD_MAX_BYTES,
                    TOP_K, DELIVERY, REPORT_INTERVAL_MS, RETRY_ATTEMPTS, RETRY_BACKOFF_MS));

    private ConsumerKeys() {
    }
}
