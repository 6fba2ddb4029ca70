package org.discardsearch.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.stats.AbReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a topic of images, scores them with the core pipeline in micro-batches, and writes one JSON result per
 * record to the result topic, or the record itself with headers saying why to the dead-letter topic.
 *
 * <p><b>Delivery.</b> At-least-once by default: the input offsets of a micro-batch are committed only after every
 * result and dead letter of it, and of every earlier micro-batch, has been acknowledged ({@code acks=all},
 * idempotent producer), at most every {@code discard.commit.interval.ms}. A crash repeats the micro-batches in
 * flight and those completed since the last commit; nothing is lost. Offsets are also committed when partitions
 * are revoked and when {@link #stop()} is called, after the work in flight is done.
 * With {@code discard.delivery=exactly-once}, each micro-batch's output and its input offsets are one Kafka
 * transaction, and readers with {@code isolation.level=read_committed} see every result once. A bad record never
 * stops the consumer: it goes to the dead-letter topic, without its value if it would not fit there otherwise
 * ({@link DeadLetters}), and so does a record whose result would be too large for the result topic. A failure
 * that is not the record's fault stops the consumer without committing the micro-batch (after
 * {@code discard.retry.attempts} retries if it is transient).
 *
 * <p><b>Threading.</b> {@link #run()} polls on the calling thread, which owns the Kafka consumer: it collects
 * records into micro-batches of {@code discard.batch.size} (or fewer after {@code discard.batch.linger.ms}),
 * commits, and runs the rebalance callbacks. One scoring thread scores micro-batches in order and hands their
 * output to the producer. At most {@code discard.queue.batches} micro-batches are scored or awaiting
 * acknowledgement; at that bound the consumer pauses its partitions (it keeps polling, so it stays in the
 * group) and resumes when one completes. {@link #stop()} and {@link #progress()} may be called from any thread.
 */
public final class ScoringConsumer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ScoringConsumer.class);
    private static final long IDLE_POLL_MILLIS = 50;
    private static final long BUSY_POLL_MILLIS = 2;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How soon a cluster that stopped answering is logged: within one to two of these. */
    private static final Duration BROKER_CHECK_INTERVAL = Duration.ofSeconds(5);

    private final ScoringConsumerConfig config;
    private final RecordScorer scorer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaProducer<byte[], byte[]> reportProducer;
    private final ExecutorService scoringThread;
    private final AbReport report = new AbReport();
    private final ConsumerProgress progress = new ConsumerProgress();
    /** Made by {@link #start()}: it needs the output topics' size limits, which only the cluster knows. */
    private BatchProcessor processor;
    private final AbReporter reporter;
    private final BrokerWatch brokerWatch;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final Deque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private long bufferSince;
    private long lastCommit = System.nanoTime();
    private boolean uncommitted;
    private RuntimeException failure;

    /**
     * Creates the consumer and its Kafka clients; nothing is consumed until {@link #run()}.
     *
     * @param config the settings
     * @param scorer the model; the consumer uses it from its scoring thread and does not close it
     */
    public ScoringConsumer(ScoringConsumerConfig config, RecordScorer scorer) {
        this.config = config;
        this.scorer = scorer;
        this.consumer = new KafkaConsumer<>(config.consumerProperties());
        this.producer = new KafkaProducer<>(config.producerProperties());
        Map<String, Object> reportProps = new HashMap<>(config.producerProperties());
        reportProps.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.reportProducer = new KafkaProducer<>(reportProps);
        this.scoringThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "discard-scoring"));
        this.reporter = new AbReporter(scorer.modelName(), config.mode(), report, progress, reportProducer,
                config.reportTopic(), config.reportIntervalMillis());
        this.brokerWatch = new BrokerWatch(config.adminProperties(), BROKER_CHECK_INTERVAL);
    }

    /**
     * Returns the counts so far.
     *
     * @return the live progress counters
     */
    public ConsumerProgress progress() {
        return progress;
    }

    /**
     * Consumes until {@link #stop()} is called or a failure that is not a record's fault; then finishes the
     * micro-batches in flight, commits, writes a final A/B report and closes the Kafka clients.
     *
     * @return the final A/B report, also sent to the report topic but not logged: the caller shows it
     * @throws DiscardSearchException when the consumer stopped on a failure; the failed micro-batch is not
     *     committed, and the final report is logged
     */
    public ReportMessage run() {
        try {
            start();
            while (running && failure == null) {
                var polled = consumer.poll(Duration.ofMillis(pollTimeoutMillis()));
                if (!polled.isEmpty() && buffer.isEmpty()) {
                    bufferSince = System.nanoTime();
                }
                polled.forEach(buffer::add);
                submitReady(false);
                completeDone();
                commitAsync();
                updatePause();
                reporter.maybeReport();
                brokerWatch.check();
            }
            if (failure == null) {
                submitReady(true);
                awaitInFlight();
                commitSync();
            }
        } catch (RuntimeException e) {
            failure = failure != null ? failure : e;
        } finally {
            closeClients();
        }
        ReportMessage last = reporter.report();
        reportProducer.close(CLOSE_TIMEOUT);
        stopped.countDown();
        if (failure != null) {
            // The caller gets the failure instead of the report, so the report is logged here.
            logger.info("{}", last.text());
            throw asDiscardSearchException(failure);
        }
        return last;
    }

    private void start() {
        if (config.delivery() == DeliveryGuarantee.EXACTLY_ONCE) {
            producer.initTransactions();
        }
        try (Admin admin = Admin.create(config.adminProperties())) {
            if (config.createTopics()) {
                int partitions = Topics.partitions(admin, config.inputTopic()).orElse(1);
                Topics.create(admin, List.of(config.resultTopic(), config.deadLetterTopic(), config.reportTopic()),
                        partitions, Map.of());
            }
            TopicLimit deadLetterLimit = TopicLimit.read(admin, config.deadLetterTopic(), config.producerProperties());
            DeadLetters.checkRoom(config.recordMaxBytes(), deadLetterLimit);
            processor = new BatchProcessor(config, scorer, producer, report, progress,
                    TopicLimit.read(admin, config.resultTopic(), config.producerProperties()),
                    new DeadLetters(deadLetterLimit));
        }
        consumer.subscribe(List.of(config.inputTopic()), new Rebalance());
        logger.info("Consuming {} as group {}: mode {}, delivery {}, batch {} (linger {} ms)", config.inputTopic(),
                config.consumerProperties().get(ConsumerConfig.GROUP_ID_CONFIG),
                ConsumerKeys.MODE.format(config.mode()), ConsumerKeys.DELIVERY.format(config.delivery()),
                config.batchSize(), config.lingerMillis());
    }

    /**
     * How long to block in poll. Short while micro-batches are in flight: a completed one is only seen (its slot
     * freed, the next one submitted) when poll returns, and a poll that waited out the linger instead left the
     * scorer idle for ~9 ms of every micro-batch at budget 1.
     */
    private long pollTimeoutMillis() {
        long timeout = inFlight.isEmpty() ? IDLE_POLL_MILLIS : BUSY_POLL_MILLIS;
        if (!buffer.isEmpty() && inFlight.size() < config.queueBatches()) {
            long waited = (System.nanoTime() - bufferSince) / 1_000_000;
            timeout = Math.min(timeout, Math.max(0, config.lingerMillis() - waited));
        }
        return timeout;
    }

    private void submitReady(boolean all) {
        while (!buffer.isEmpty() && (all || inFlight.size() < config.queueBatches())) {
            boolean lingered = (System.nanoTime() - bufferSince) / 1_000_000 >= config.lingerMillis();
            if (!all && buffer.size() < config.batchSize() && !lingered) {
                return;
            }
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(config.batchSize());
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            while (batch.size() < config.batchSize() && !buffer.isEmpty()) {
                ConsumerRecord<byte[], byte[]> record = buffer.poll();
                batch.add(record);
                offsets.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            ConsumerGroupMetadata group = config.delivery() == DeliveryGuarantee.EXACTLY_ONCE
                    ? consumer.groupMetadata() : null;
            CompletableFuture<Void> future = CompletableFuture
                    .supplyAsync(() -> processor.process(batch, offsets, group), scoringThread)
                    .thenCompose(acked -> acked);
            inFlight.add(new InFlight(offsets, future));
            bufferSince = System.nanoTime();
        }
    }

    /** Moves the completed prefix of the in-flight queue into {@link #done}; records the first failure. */
    private void completeDone() {
        while (!inFlight.isEmpty() && inFlight.peek().future().isDone()) {
            InFlight batch = inFlight.poll();
            try {
                batch.future().join();
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                return;
            }
            done.putAll(batch.offsets());
            uncommitted = true;
        }
    }

    private void awaitInFlight() {
        for (InFlight batch : inFlight) {
            try {
                batch.future().get();
            } catch (ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while finishing work", e);
                return;
            }
        }
        completeDone();
    }

    /**
     * Commits the completed offsets once {@code discard.commit.interval.ms} has passed since the last commit: a
     * commit per micro-batch cost the broker, on the scorer's machine, about a tenth of the budget-1 throughput.
     */
    private void commitAsync() {
        long now = System.nanoTime();
        if (uncommitted && config.delivery() == DeliveryGuarantee.AT_LEAST_ONCE
                && now - lastCommit >= config.commitIntervalMillis() * 1_000_000L) {
            consumer.commitAsync(Map.copyOf(done), (offsets, error) -> {
                if (error != null) {
                    logger.warn("Offset commit failed, a later one will cover it: {}", error.toString());
                }
            });
            uncommitted = false;
            lastCommit = now;
        }
    }

    private void commitSync() {
        if (config.delivery() == DeliveryGuarantee.AT_LEAST_ONCE && !done.isEmpty() && failure == null) {
            consumer.commitSync(Map.copyOf(done));
            uncommitted = false;
        }
    }

    private void updatePause() {
        if (inFlight.size() >= config.queueBatches()) {
            if (consumer.paused().size() < consumer.assignment().size()) {
                consumer.pause(consumer.assignment());
                progress.addPause();
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** Asks {@link #run()} to finish the work in flight, commit, and return. Returns at once; thread-safe. */
    public void stop() {
        running = false;
    }

    /**
     * Waits until {@link #run()} has returned.
     *
     * @param timeout the longest wait
     * @return true when it returned in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeClients() {
        scoringThread.shutdown();
        try {
            if (!scoringThread.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                logger.error("The scoring thread did not finish within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        brokerWatch.close();
    }

    private static DiscardSearchException asDiscardSearchException(RuntimeException e) {
        if (e instanceof DiscardSearchException known) {
            return known;
        }
        return new DiscardSearchException(ErrorCategory.INTERNAL, "Consumer stopped: " + e, e);
    }

    /** Stops and waits for {@link #run()} to return, if it is running on another thread. */
    @Override
    public void close() {
        stop();
        try {
            awaitStopped(CLOSE_TIMEOUT.multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A micro-batch handed to the scoring thread: the offsets it completes, and when it completes. */
    private record InFlight(Map<TopicPartition, OffsetAndMetadata> offsets, CompletableFuture<Void> future) {
    }

    /** Runs on the polling thread inside {@code poll}, as Kafka's rebalance callbacks do. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            buffer.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            awaitInFlight();
            commitSync();
            done.keySet().removeAll(partitions);
            logger.info("Partitions revoked: {} (work in flight finished and committed)", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            buffer.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            awaitInFlight();
            done.keySet().removeAll(partitions);
            logger.warn("Partitions lost: {} (not committed; their records will be scored again)", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            logger.info("Partitions assigned: {}", partitions);
        }
    }
}
