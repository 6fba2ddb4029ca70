package org.discardsearch.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.discardsearch.error.ConfigException;
import org.discardsearch.config.EffectiveConfig;

/**
 * The consumer's settings, parsed once and immutable. Built by {@link #parse(Map)} from one flat map of keys
 * (a properties or YAML file plus command-line overrides, see {@link ConfigSources}):
 * <ul>
 *   <li>keys under {@value ConsumerKeys#PREFIX} are ours, declared in {@link ConsumerKeys}; an unknown one fails;</li>
 *   <li>keys under {@code consumer.}, {@code producer.} or {@code admin.} go, without that prefix, to that Kafka
 *       client only;</li>
 *   <li>every other key is a Kafka client setting, passed verbatim to the consumer, the producer and the admin
 *       client (each ignores the keys it does not know).</li>
 * </ul>
 * A few client settings are fixed because the delivery guarantee depends on them: byte-array (de)serializers,
 * {@code enable.auto.commit=false}, {@code enable.idempotence=true} and {@code acks=all}; setting one of them to
 * something else fails at start, naming the key.
 *
 * @param archive the model archive folder
 * @param mode which arm scores each record
 * @param splitSearchFraction the search arm's share in split mode
 * @param inputTopic the topic of images
 * @param resultTopic the topic of JSON results
 * @param deadLetterTopic the topic of records that cannot be scored
 * @param reportTopic the topic of A/B reports
 * @param createTopics whether missing output topics are created at start
 * @param batchSize records per model call
 * @param lingerMillis how long a partial micro-batch waits for more records
 * @param queueBatches micro-batches in flight before the partitions are paused
 * @param commitIntervalMillis milliseconds between offset commits in at-least-once mode, 0 for every micro-batch
 * @param recordMaxBytes the largest record value scored
 * @param topK classes per result
 * @param delivery the delivery guarantee
 * @param reportIntervalMillis milliseconds between A/B reports, 0 for only at the end
 * @param retryAttempts retries after a transient failure
 * @param retryBackoffMillis milliseconds between retries
 * @param consumerProperties the Kafka consumer's settings
 * @param producerProperties the Kafka producer's settings
 * @param adminProperties the Kafka admin client's settings
 */
public record ScoringConsumerConfig(Path archive, ScoringMode mode, double splitSearchFraction, String inputTopic,
        String resultTopic, String deadLetterTopic, String reportTopic, boolean createTopics, int batchSize,
        int lingerMillis, int queueBatches, int commitIntervalMillis, int recordMaxBytes, int topK,
        DeliveryGuarantee delivery, int reportIntervalMillis, int retryAttempts, int retryBackoffMillis,
        Map<String, Object> consumerProperties, Map<String, Object> producerProperties,
        Map<String, Object> adminProperties) implements EffectiveConfig {

    /** The default consumer group, when {@code group.id} is not given. */
    public static final String DEFAULT_GROUP_ID = "discard-search";

    private static final List<String> CLIENT_PREFIXES = List.of("consumer.", "producer.", "admin.");

    /** Copies the client maps. */
    public ScoringConsumerConfig {
        Objects.requireNonNull(archive, "archive");
        consumerProperties = Map.copyOf(consumerProperties);
        producerProperties = Map.copyOf(producerProperties);
        adminProperties = Map.copyOf(adminProperties);
    }

    /**
     * Parses and validates every setting.
     *
     * @param settings all keys, ours and Kafka's, as text
     * @return the settings
     * @throws ConfigException naming the first wrong key and its value: unknown under our prefix, invalid, missing
     *     ({@code discard.archive}, {@code bootstrap.servers}), or a fixed client setting changed
     */
    public static ScoringConsumerConfig parse(Map<String, String> settings) {
        Map<String, Map<String, Object>> byClient = clientSettings(settings);
        Map<String, Object> shared = byClient.get("");
        DeliveryGuarantee delivery = ConsumerKeys.DELIVERY.require(settings);
        Map<String, Object> consumer = consumerProperties(shared, byClient.get("consumer."));
        return new ScoringConsumerConfig(Path.of(ConsumerKeys.ARCHIVE.require(settings)),
                ConsumerKeys.MODE.require(settings), ConsumerKeys.SPLIT_SEARCH_FRACTION.require(settings),
                ConsumerKeys.INPUT_TOPIC.require(settings), ConsumerKeys.RESULT_TOPIC.require(settings),
                ConsumerKeys.DEAD_LETTER_TOPIC.require(settings), ConsumerKeys.REPORT_TOPIC.require(settings),
                ConsumerKeys.CREATE_TOPICS.require(settings), ConsumerKeys.BATCH_SIZE.require(settings),
                ConsumerKeys.BATCH_LINGER_MS.require(settings), ConsumerKeys.QUEUE_BATCHES.require(settings),
                ConsumerKeys.COMMIT_INTERVAL_MS.require(settings), ConsumerKeys.RECORD_MAX_BYTES.require(settings),
                ConsumerKeys.TOP_K.require(settings), delivery,
                ConsumerKeys.REPORT_INTERVAL_MS.require(settings), ConsumerKeys.RETRY_ATTEMPTS.require(settings),
                ConsumerKeys.RETRY_BACKOFF_MS.require(settings), consumer,
                producerProperties(shared, byClient.get("producer."), delivery, consumer),
                merged(shared, byClient.get("admin.")));
    }

    /**
     * Parses only what a reader of the consumer's output topics needs (the report command): our keys are checked,
     * {@code discard.archive} is not required, and the Kafka consumer's settings are built as for the consumer.
     *
     * @param settings all keys, ours and Kafka's, as text
     * @return the Kafka consumer's settings
     * @throws ConfigException naming the first wrong key and its value, as {@link #parse(Map)} does
     */
    public static Map<String, Object> readerProperties(Map<String, String> settings) {
        Map<String, Map<String, Object>> byClient = clientSettings(settings);
        return Map.copyOf(consumerProperties(byClient.get(""), byClient.get("consumer.")));
    }

    /**
     * Checks our keys and sorts the others by client: {@code ""} for every client, else the client's prefix,
     * which is taken off the keys. Requires {@code bootstrap.servers}.
     */
    private static Map<String, Map<String, Object>> clientSettings(Map<String, String> settings) {
        ConsumerKeys.KEYS.rejectUnknown(settings);
        Map<String, Map<String, Object>> byClient = new TreeMap<>();
        byClient.put("", new TreeMap<>());
        for (String prefix : CLIENT_PREFIXES) {
            byClient.put(prefix, new TreeMap<>());
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(settings).entrySet()) {
            String key = entry.getKey();
            if (ConsumerKeys.KEYS.owns(key)) {
                continue;
            }
            String prefix = CLIENT_PREFIXES.stream().filter(key::startsWith).findFirst().orElse("");
            byClient.get(prefix).put(key.substring(prefix.length()), entry.getValue());
        }
        if (!byClient.get("").containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "Missing value for "
                    + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + "; allowed: host:port[,host:port...] of the "
                    + "Kafka cluster");
        }
        return byClient;
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> shared, Map<String, Object> own) {
        Map<String, Object> props = new TreeMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP_ID);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putAll(merged(shared, own));
        fix(props, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        fix(props, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        fix(props, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private static Map<String, Object> producerProperties(Map<String, Object> shared, Map<String, Object> own,
            DeliveryGuarantee delivery, Map<String, Object> consumer) {
        Map<String, Object> props = new TreeMap<>();
        // One request in flight per connection: with more, a send to a topic the broker is still creating can
        // lose records silently (KAFKA-15591, docs/kafka.md §3).
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putAll(merged(shared, own));
        fix(props, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        fix(props, ProducerConfig.ACKS_CONFIG, "all");
        fix(props, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        fix(props, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        if (delivery == DeliveryGuarantee.EXACTLY_ONCE && !props.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
            // A stable id lets a restarted instance abort its predecessor's open transaction at once.
            Object instance = consumer.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, consumer.get(ConsumerConfig.GROUP_ID_CONFIG) + "-"
                    + (instance != null ? instance : UUID.randomUUID()));
        }
        return props;
    }

    private static Map<String, Object> merged(Map<String, Object> shared, Map<String, Object> own) {
        Map<String, Object> props = new TreeMap<>(shared);
        props.putAll(own);
        return props;
    }

    private static void fix(Map<String, Object> props, String key, String value) {
        Object given = props.get(key);
        if (given != null && !given.toString().strip().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
            throw new ConfigException(key, "Invalid value '" + given + "' for " + key + "; allowed: " + value
                    + " (the consumer's delivery guarantee depends on it)");
        }
        props.put(key, value);
    }

    /**
     * Returns the effective settings, for the one start-up log line: our keys, then each client's settings
     * prefixed {@code consumer.} or {@code producer.}, with secrets (keys that mention a password, a secret or a
     * JAAS config) hidden.
     *
     * @return key to value, sorted by key
     */
    @Override
    public SortedMap<String, String> effectiveValues() {
        SortedMap<String, String> values = new TreeMap<>();
        values.put(ConsumerKeys.ARCHIVE.name(), archive.toString());
        values.put(ConsumerKeys.MODE.name(), ConsumerKeys.MODE.format(mode));
        values.put(ConsumerKeys.SPLIT_SEARCH_FRACTION.name(),
                ConsumerKeys.SPLIT_SEARCH_FRACTION.format(splitSearchFraction));
        values.put(ConsumerKeys.INPUT_TOPIC.name(), inputTopic);
        values.put(ConsumerKeys.RESULT_TOPIC.name(), resultTopic);
        values.put(ConsumerKeys.DEAD_LETTER_TOPIC.name(), deadLetterTopic);
        values.put(ConsumerKeys.REPORT_TOPIC.name(), reportTopic);
        values.put(ConsumerKeys.CREATE_TOPICS.name(), ConsumerKeys.CREATE_TOPICS.format(createTopics));
        values.put(ConsumerKeys.BATCH_SIZE.name(), ConsumerKeys.BATCH_SIZE.format(batchSize));
        values.put(ConsumerKeys.BATCH_LINGER_MS.name(), ConsumerKeys.BATCH_LINGER_MS.format(lingerMillis));
        values.put(ConsumerKeys.QUEUE_BATCHES.name(), ConsumerKeys.QUEUE_BATCHES.format(queueBatches));
        values.put(ConsumerKeys.COMMIT_INTERVAL_MS.name(),
                ConsumerKeys.COMMIT_INTERVAL_MS.format(commitIntervalMillis));
        values.put(ConsumerKeys.RECORD_MAX_BYTES.name(), ConsumerKeys.RECORD_MAX_BYTES.format(recordMaxBytes));
        values.put(ConsumerKeys.TOP_K.name(), ConsumerKeys.TOP_K.format(topK));
        values.put(ConsumerKeys.DELIVERY.name(), ConsumerKeys.DELIVERY.format(delivery));
        values.put(ConsumerKeys.REPORT_INTERVAL_MS.name(), ConsumerKeys.REPORT_INTERVAL_MS.format(reportIntervalMillis));
        values.put(ConsumerKeys.RETRY_ATTEMPTS.name(), ConsumerKeys.RETRY_ATTEMPTS.format(retryAttempts));
        values.put(ConsumerKeys.RETRY_BACKOFF_MS.name(), ConsumerKeys.RETRY_BACKOFF_MS.format(retryBackoffMillis));
        consumerProperties.forEach((k, v) -> values.put("consumer." + k, hide(k, v)));
        producerProperties.forEach((k, v) -> values.put("producer." + k, hide(k, v)));
        return values;
    }

    private static String hide(String key, Object value) {
        String lower = key.toLowerCase(Locale.ROOT);
        boolean secret = lower.contains("password") || lower.contains("secret") || lower.contains("jaas");
        return secret ? "[hidden]" : String.valueOf(value);
    }
}
