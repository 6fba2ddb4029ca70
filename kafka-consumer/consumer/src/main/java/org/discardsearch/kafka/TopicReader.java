package org.discardsearch.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Reads what a topic holds in a time range, once: every partition from its first record stamped at or after
 * {@code from} up to the end it had when the read began, leaving out records stamped at or after {@code to}.
 * Without a consumer group, so nothing is committed and no running consumer is disturbed.
 *
 * <p>Not thread-safe.
 */
final class TopicReader {

    /** A read that gets no record for this long while records remain is given up. */
    private static final Duration STALL = Duration.ofSeconds(30);

    private TopicReader() {
    }

    /**
     * Reads a topic.
     *
     * @param consumerProperties Kafka consumer settings (byte-array deserializers); {@code group.id} is ignored
     * @param topic the topic
     * @param from the earliest record time, or null for the beginning
     * @param to the end of the range (exclusive), or null for everything up to the read's start
     * @param sink receives each record, partition by partition in offset order
     * @throws DiscardSearchException of category BAD_CONFIG when the topic does not exist, TRANSIENT when the
     *     read stalls
     */
    static void read(Map<String, Object> consumerProperties, String topic, Instant from, Instant to,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            read(consumer, topic, from, to, sink);
        } catch (KafkaException e) {
            throw new DiscardSearchException(ErrorCategory.TRANSIENT, "Reading topic " + topic + " from "
                    + props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " failed: " + e.getMessage(), e);
        }
    }

    private static void read(KafkaConsumer<byte[], byte[]> consumer, String topic, Instant from, Instant to,
            Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new DiscardSearchException(ErrorCategory.BAD_CONFIG, "Topic not found: " + topic
                    + "; expected the topic the consumers write to");
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        seekToStart(consumer, partitions, from, end);
        long lastProgress = System.nanoTime();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            var records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition) && (to == null || record.timestamp() < to.toEpochMilli())) {
                    sink.accept(record);
                }
            }
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new DiscardSearchException(ErrorCategory.TRANSIENT, "Reading " + topic + " stalled: no "
                        + "record for " + STALL.toSeconds() + " s before the end offsets " + end);
            }
        }
    }

    private static void seekToStart(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Instant from, Map<TopicPartition, Long> end) {
        if (from == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            // No record at or after the time: nothing to read in this partition.
            consumer.seek(partition, start == null ? end.get(partition) : start.offset());
        }
    }
}
