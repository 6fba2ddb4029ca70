package org.discardsearch.kafka;

/**
 * How results and input offsets are committed ({@code discard.delivery}).
 */
public enum DeliveryGuarantee {
    /**
     * Input offsets are committed only after every result and dead letter of the records before them has been
     * acknowledged by the brokers (idempotent producer, {@code acks=all}). A crash can repeat results, never lose
     * one.
     */
    AT_LEAST_ONCE,
    /**
     * Each micro-batch's results, dead letters and input offsets are written in one Kafka transaction. Readers
     * that use {@code isolation.level=read_committed} see each result exactly once.
     */
    EXACTLY_ONCE
}
