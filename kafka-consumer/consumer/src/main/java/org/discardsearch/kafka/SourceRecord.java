package org.discardsearch.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a record came from.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset
 */
public record SourceRecord(String topic, int partition, long offset) {

    /**
     * Returns a record's coordinates.
     *
     * @param record the record
     * @return its topic, partition and offset
     */
    public static SourceRecord of(ConsumerRecord<?, ?> record) {
        return new SourceRecord(record.topic(), record.partition(), record.offset());
    }

    /** Returns {@code topic-partition@offset}, as Kafka writes record coordinates. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
