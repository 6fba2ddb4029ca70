package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.discardsearch.kafka.tools.BoundedRun;
import org.discardsearch.stats.AbReportSnapshot;
import org.discardsearch.stats.Arm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


/**
 * The report command's group report covers everything the consumers wrote, across processes, each source record
 * once: a first consumer scores part of a topic, a second one (another group, the same output topics) scores
 * all of it again, and the report over the result topic equals the second consumer's own report in every count.
 */
@ExtendWith(KafkaTestEnvironment.class)
class GroupReportIT {

    private static final String TOPIC = "group-report";
    private static final int IMAGES = 300;
    private static final int FIRST = 100;

    private static Map<String, String> settings;
    private static ReportMessage first;
    private static ReportMessage replay;
    private static Instant between;

    @BeforeAll
    static void scoreTwice() throws InterruptedException {
        KafkaTestEnvironment.loadImages(TOPIC, 2, IMAGES);
        settings = KafkaTestEnvironment.settings(TOPIC);
        settings.put("discard.mode", "shadow");
        // Small polls and one micro-batch in flight, so that the first consumer stops well before the end.
        Map<String, String> part = new HashMap<>(settings);
        part.put("consumer.max.poll.records", "16");
        part.put("discard.queue.batches", "1");
        first = BoundedRun.run(new ScoringConsumer(ScoringConsumerConfig.parse(part),
                KafkaTestEnvironment.scorer()), FIRST, Duration.ofMillis(20), progress -> { });
        Thread.sleep(50);
        between = Instant.now();
        Thread.sleep(50);
        Map<String, String> again = new HashMap<>(settings);
        again.put("group.id", TOPIC + "-replay");
        replay = BoundedRun.run(new ScoringConsumer(ScoringConsumerConfig.parse(again),
                KafkaTestEnvironment.scorer()), IMAGES, Duration.ofMillis(20), progress -> { });
    }

    private static void assertSameCounts(AbReportSnapshot expected, AbReportSnapshot actual) {
        for (Arm arm : Arm.values()) {
            assertEquals(expected.arm(arm).count(), actual.arm(arm).count(), arm + " count");
            assertEquals(expected.arm(arm).labelled(), actual.arm(arm).labelled(), arm + " labelled");
            assertEquals(expected.arm(arm).correct(), actual.arm(arm).correct(), arm + " correct");
        }
        assertEquals(expected.paired().count(), actual.paired().count(), "paired");
        assertEquals(expected.paired().agreements(), actual.paired().agreements(), "agreements");
        assertEquals(expected.paired().b(), actual.paired().b(), "only vanilla right");
        assertEquals(expected.paired().c(), actual.paired().c(), "only search right");
    }

    @Test
    void theWholeTopicCountsEveryRecordOnce() {
        GroupReport group = ReportCommand.read(settings, null, null);
        ReportMessage report = group.message(0);
        assertEquals(IMAGES, replay.records());
        assertEquals(IMAGES, report.results());
        assertEquals(0, report.deadLetters());
        assertEquals(first.records(), group.duplicates(), "the first consumer's results, read twice");
        assertEquals(0, group.unreadable());
        assertEquals("shadow", report.mode());
        assertSameCounts(replay.report(), report.report());
    }

    @Test
    void aTimeRangeCountsOnlyTheRecordsWrittenInIt() {
        assertTrue(first.records() >= FIRST && first.records() < IMAGES, "first run: " + first.records());
        GroupReport before = ReportCommand.read(settings, null, between);
        assertEquals(first.records(), before.message(0).results());
        assertSameCounts(first.report(), before.message(0).report());
        GroupReport after = ReportCommand.read(settings, between, null);
        assertEquals(IMAGES, after.message(0).results());
        assertEquals(0, after.duplicates());
    }
}
