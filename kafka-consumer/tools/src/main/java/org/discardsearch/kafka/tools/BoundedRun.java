package org.discardsearch.kafka.tools;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.kafka.ConsumerProgress;
import org.discardsearch.kafka.ReportMessage;
import org.discardsearch.kafka.ScoringConsumer;


/**
 * Runs a {@link ScoringConsumer} on its own thread until it has processed a known number of records, calling
 * back at a fixed interval meanwhile; then stops it (finishing and committing the work in flight). For the main
 * job and the benchmark, whose input topics are loaded before they start.
 */
public final class BoundedRun {

    private BoundedRun() {
    }

    /**
     * Runs until {@code expected} records are processed.
     *
     * @param consumer the consumer, not yet running
     * @param expected how many input records to wait for
     * @param tick how often to call {@code onTick}
     * @param onTick called on this thread with the live counters, e.g. to print a progress line
     * @return the final A/B report
     * @throws DiscardSearchException when the consumer stops on a failure before the end
     */
    public static ReportMessage run(ScoringConsumer consumer, long expected, Duration tick,
            Consumer<ConsumerProgress> onTick) {
        AtomicReference<ReportMessage> report = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                report.set(consumer.run());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "discard-consumer");
        thread.start();
        try {
            while (thread.isAlive() && consumer.progress().records() < expected) {
                thread.join(tick.toMillis());
                onTick.accept(consumer.progress());
            }
            consumer.stop();
            thread.join();
        } catch (InterruptedException e) {
            consumer.stop();
            Thread.currentThread().interrupt();
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while waiting for the consumer", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return report.get();
    }
}
