package org.discardsearch.kafka;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the consumer has processed, for progress lines and tests. Counted when a micro-batch has been
 * scored and handed to the producer, before it is acknowledged. Thread-safe.
 */
public final class ConsumerProgress {

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong results = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();

    void add(long records, long results, long deadLetters) {
        this.records.addAndGet(records);
        this.results.addAndGet(results);
        this.deadLetters.addAndGet(deadLetters);
    }

    void addPause() {
        pauses.incrementAndGet();
    }

    /**
     * Returns how many times the consumer paused its partitions because the scorer was saturated.
     *
     * @return the count
     */
    public long pauses() {
        return pauses.get();
    }

    /**
     * Returns the input records processed.
     *
     * @return the count
     */
    public long records() {
        return records.get();
    }

    /**
     * Returns the results written.
     *
     * @return the count
     */
    public long results() {
        return results.get();
    }

    /**
     * Returns the dead letters written.
     *
     * @return the count
     */
    public long deadLetters() {
        return deadLetters.get();
    }
}
