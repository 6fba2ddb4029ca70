package org.discardsearch.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;

/**
 * The largest record the consumer's producer can write to one topic: the smallest of the producer's
 * {@code max.request.size} and {@code buffer.memory}, which the producer checks before it sends, and the topic's
 * {@code max.message.bytes}, which the broker checks. A record over it fails for a reason of its own, whatever
 * is retried; the consumer checks its output against this limit so that such a record never reaches the producer.
 *
 * @param topic the topic
 * @param maxBytes the limit, in bytes as {@link #sizeOf} counts them
 * @param source the setting that sets the limit, with its value, for messages
 */
public record TopicLimit(String topic, int maxBytes, String source) {

    /*
     * Record format v2 (the producer's own check is internal API since Kafka 4.4): a batch header of 61 bytes;
     * per record at most 21 bytes of length, attributes, timestamp and offset deltas; every length a varint of at
     * most 5 bytes (key, value, header count, and each header's key and value).
     */
    private static final int BATCH_OVERHEAD = 61;
    private static final int RECORD_OVERHEAD = 21;
    private static final int VARINT = 5;

    /** Checks the components. */
    public TopicLimit {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(source, "source");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("Invalid limit " + maxBytes + " for topic " + topic);
        }
    }

    /**
     * Reads the limit of a topic for a producer.
     *
     * @param admin the admin client
     * @param topic the topic; when it does not exist yet, only the producer's settings count
     * @param producerProperties the producer's settings; absent ones take Kafka's defaults
     * @return the limit
     * @throws org.discardsearch.error.DiscardSearchException of category TRANSIENT when the cluster does not
     *     answer
     */
    public static TopicLimit read(Admin admin, String topic, Map<String, Object> producerProperties) {
        long request = producerSetting(producerProperties, ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        long memory = producerSetting(producerProperties, ProducerConfig.BUFFER_MEMORY_CONFIG);
        long max = Math.min(request, memory);
        String source = memory < request ? "producer " + ProducerConfig.BUFFER_MEMORY_CONFIG + " = " + memory
                : "producer " + ProducerConfig.MAX_REQUEST_SIZE_CONFIG + " = " + request;
        OptionalInt topicMax = Topics.maxMessageBytes(admin, topic);
        if (topicMax.isPresent() && topicMax.getAsInt() < max) {
            max = topicMax.getAsInt();
            source = "topic " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + " = " + max;
        }
        return new TopicLimit(topic, (int) Math.min(max, Integer.MAX_VALUE), source);
    }

    private static long producerSetting(Map<String, Object> props, String key) {
        ConfigDef.ConfigKey declared = ProducerConfig.configDef().configKeys().get(key);
        Object value = props.containsKey(key) ? props.get(key) : declared.defaultValue;
        return ((Number) ConfigDef.parseType(key, value, declared.type)).longValue();
    }

    /**
     * Returns whether a record fits.
     *
     * @param record the record
     * @return true when {@link #sizeOf} is at most {@link #maxBytes}
     */
    public boolean fits(ProducerRecord<byte[], byte[]> record) {
        return sizeOf(record) <= maxBytes;
    }

    /**
     * Returns an upper bound of the bytes a record takes as the only record of a batch, which is what the
     * producer and the broker compare with their limits.
     *
     * @param record the record
     * @return the size in bytes, at least the exact size
     */
    public static long sizeOf(ProducerRecord<byte[], byte[]> record) {
        long size = BATCH_OVERHEAD + RECORD_OVERHEAD + 3L * VARINT + length(record.key()) + length(record.value());
        for (Header header : record.headers()) {
            size += 2L * VARINT + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** Returns e.g. {@code 1048576 bytes (producer max.request.size = 1048576)}. */
    @Override
    public String toString() {
        return maxBytes + " bytes (" + source + ")";
    }
}
