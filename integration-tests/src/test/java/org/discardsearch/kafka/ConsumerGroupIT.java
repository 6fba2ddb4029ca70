package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.discardsearch.kafka.tools.ImageTopicLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


/** Two consumers in one group share a 4-partition topic: both get work, and together they cover every record. */
@ExtendWith(KafkaTestEnvironment.class)
class ConsumerGroupIT {

    private static final String TOPIC = "group-4p";
    private static final int IMAGES = 400;

    @Test
    void twoConsumersInOneGroupShareTheWorkAndCoverEveryRecord() throws Exception {
        KafkaTestEnvironment.createTopic(TOPIC, 4);
        Map<String, String> settings = KafkaTestEnvironment.settings(TOPIC);
        settings.put("discard.batch.size", "8");
        ScoringConsumerConfig config = ScoringConsumerConfig.parse(settings);
        try (DjlRecordScorer scorerA = DjlRecordScorer.load(KafkaTestEnvironment.archive());
                DjlRecordScorer scorerB = DjlRecordScorer.load(KafkaTestEnvironment.archive());
                ScoringConsumer a = new ScoringConsumer(config, scorerA);
                ScoringConsumer b = new ScoringConsumer(config, scorerB)) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            for (ScoringConsumer consumer : List.of(a, b)) {
                Thread thread = new Thread(() -> {
                    try {
                        consumer.run();
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            awaitTwoMembersWithTwoPartitionsEach(config.consumerProperties().get("group.id").toString());
            try (ImageTopicLoader loader = new ImageTopicLoader(Map.of("bootstrap.servers",
                    KafkaTestEnvironment.bootstrapServers()), TOPIC)) {
                loader.sendLabelled(KafkaTestEnvironment.testImages(), IMAGES, "img-");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (a.progress().records() + b.progress().records() < IMAGES && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            a.stop();
            b.stop();
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(null, failure.get());
            assertTrue(a.progress().records() > 0, "consumer A got no records");
            assertTrue(b.progress().records() > 0, "consumer B got no records");
            assertEquals(IMAGES, a.progress().records() + b.progress().records());
        }
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTestEnvironment.readTopic(config.resultTopic(), IMAGES,
                Duration.ofSeconds(30), true)) {
            ids.add(new String(record.key(), StandardCharsets.UTF_8));
        }
        assertEquals(IMAGES, ids.size());
    }

    private static void awaitTwoMembersWithTwoPartitionsEach(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestEnvironment.bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                Map<String, Integer> partitions = new HashMap<>();
                for (MemberDescription member : description.members()) {
                    partitions.put(member.consumerId(), member.assignment().topicPartitions().size());
                }
                if (partitions.size() == 2 && partitions.values().stream().allMatch(n -> n == 2)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the group never had two members with two partitions each");
        }
    }
}
