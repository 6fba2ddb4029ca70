package org.discardsearch.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.kafka.tools.EmbeddedKafkaBroker;
import org.discardsearch.kafka.tools.ImageTopicLoader;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;


/**
 * What the Kafka integration tests share, made once per test JVM: a real broker ({@link EmbeddedKafkaBroker}),
 * a small real archive ({@link TestArchive}) and the Fashion-MNIST test split. Closed by JUnit when the JVM's
 * tests are done. Also the helpers the tests use to create, fill and read topics.
 */
public final class KafkaTestEnvironment implements BeforeAllCallback {

    private static Shared shared;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (KafkaTestEnvironment.class) {
            if (shared == null) {
                shared = new Shared();
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Shared.class, shared);
            }
        }
    }

    /**
     * Returns the broker's address.
     *
     * @return {@code 127.0.0.1:<port>}
     */
    public static String bootstrapServers() {
        return shared.broker.bootstrapServers();
    }

    /**
     * Returns the archive folder.
     *
     * @return the test archive
     */
    public static Path archive() {
        return shared.archive;
    }

    /**
     * Returns the Fashion-MNIST test split.
     *
     * @return the 10,000 labelled test images
     */
    public static LabelledImages testImages() {
        return shared.test;
    }

    /**
     * Returns the consumer settings every test starts from: the broker, the archive, the topics named after a
     * prefix, a group of that name, and reports only at the end.
     *
     * @param prefix a name unique to the test, e.g. {@code e2e-search}
     * @return mutable settings
     */
    public static Map<String, String> settings(String prefix) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrapServers());
        settings.put("discard.archive", archive().toString());
        settings.put("discard.topic.input", prefix);
        settings.put("discard.topic.results", prefix + "-results");
        settings.put("discard.topic.dead.letters", prefix + "-dead");
        settings.put("discard.topic.reports", prefix + "-reports");
        settings.put("discard.report.interval.ms", "0");
        settings.put("group.id", prefix);
        return settings;
    }

    /**
     * Creates a topic.
     *
     * @param topic the name
     * @param partitions the partition count
     */
    public static void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /**
     * Creates a topic with topic settings.
     *
     * @param topic the name
     * @param partitions the partition count
     * @param topicConfig topic settings, e.g. {@code max.message.bytes}
     */
    public static void createTopic(String topic, int partitions, Map<String, String> topicConfig) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            Topics.create(admin, List.of(topic), partitions, topicConfig);
        }
    }

    /**
     * Returns the offset a group has committed on partition 0 of a topic.
     *
     * @param group the consumer group
     * @param topic the topic
     * @return the offset and metadata, or null when the group committed none there
     */
    public static OffsetAndMetadata committed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Creates a topic and loads the first test images into it as PNGs with their labels, keyed
     * {@code img-<index>}.
     *
     * @param topic the name
     * @param partitions the partition count
     * @param images how many test images, from the first
     */
    public static void loadImages(String topic, int partitions, int images) {
        createTopic(topic, partitions);
        try (ImageTopicLoader loader = new ImageTopicLoader(Map.of("bootstrap.servers", bootstrapServers()), topic)) {
            loader.sendLabelled(testImages(), images, "img-");
        }
    }

    /**
     * Returns the scorer of {@link #archive()}, loaded once per JVM ({@link TestArchive#sharedScorer()}).
     *
     * @return the shared scorer, for use from one thread at a time
     */
    public static DjlRecordScorer scorer() {
        return shared.scorer;
    }

    /**
     * Reads a topic from the beginning until it holds {@code atLeast} records or the timeout passes.
     *
     * @param topic the topic
     * @param atLeast how many records to wait for
     * @param timeout the longest wait
     * @param readCommitted whether to read with {@code isolation.level=read_committed}
     * @return the records read, possibly fewer than asked for
     */
    public static List<ConsumerRecord<byte[], byte[]>> readTopic(String topic, int atLeast, Duration timeout,
            boolean readCommitted) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(props)) {
            var partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return records;
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Scores images directly with the core, on a thread of its own (libtorch's OpenMP team is much slower on the
     * JVM's main thread), in micro-batches of 16, as the reference a consumer's results are compared with.
     *
     * @param scorer the scorer
     * @param requests the images
     * @return one result per image, in order
     */
    public static List<DiscardResult> coreResults(RecordScorer scorer, List<ImageRequest> requests) {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> {
                List<DiscardResult> results = new ArrayList<>(requests.size());
                for (int from = 0; from < requests.size(); from += 16) {
                    scorer.score(requests.subList(from, Math.min(requests.size(), from + 16)))
                            .forEach(outcome -> results.add(outcome.result()));
                }
                return results;
            }).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Reference scoring failed", e);
        } finally {
            thread.shutdown();
        }
    }

    /** The resources of one JVM's tests; closed by JUnit at the end. */
    private static final class Shared implements ExtensionContext.Store.CloseableResource {
        private final EmbeddedKafkaBroker broker;
        private final Path archive = TestArchive.SHARED_ARCHIVE;
        private final DjlRecordScorer scorer;
        private final LabelledImages test;

        Shared() throws IOException {
            this.scorer = TestArchive.sharedScorer();
            this.test = FashionMnist.load().test();
            this.broker = EmbeddedKafkaBroker.start();
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
