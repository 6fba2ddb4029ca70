package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.discardsearch.kafka.tools.BoundedRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


/** At-least-once commits follow {@code discard.commit.interval.ms}, and stopping commits everything processed. */
@ExtendWith(KafkaTestEnvironment.class)
class OffsetCommitIT {

    private static final int IMAGES = 200;

    /**
     * Scores the images with the given commit interval; returns the group's committed offset once every image was
     * processed but before the consumer stopped (null when none), and checks the offset after it stopped.
     */
    private static OffsetAndMetadata committedBeforeStop(String topic, String commitIntervalMillis) {
        KafkaTestEnvironment.loadImages(topic, 1, IMAGES);
        Map<String, String> settings = KafkaTestEnvironment.settings(topic);
        settings.put("discard.commit.interval.ms", commitIntervalMillis);
        AtomicReference<OffsetAndMetadata> beforeStop = new AtomicReference<>();
        ScoringConsumer consumer = new ScoringConsumer(ScoringConsumerConfig.parse(settings),
                KafkaTestEnvironment.scorer());
        BoundedRun.run(consumer, IMAGES, Duration.ofMillis(50), progress -> {
            if (progress.records() >= IMAGES) {
                beforeStop.set(KafkaTestEnvironment.committed(topic, topic));
            }
        });
        OffsetAndMetadata afterStop = KafkaTestEnvironment.committed(topic, topic);
        assertNotNull(afterStop, "no offset committed after the consumer stopped");
        assertEquals(IMAGES, afterStop.offset(), "offset committed on stop");
        return beforeStop.get();
    }

    @Test
    void aLongIntervalCommitsNothingUntilTheConsumerStops() {
        assertNull(committedBeforeStop("commit-interval-long", "600000"),
                "an offset was committed before the interval passed");
    }

    @Test
    void intervalZeroCommitsWhileScoring() {
        OffsetAndMetadata beforeStop = committedBeforeStop("commit-interval-zero", "0");
        assertNotNull(beforeStop, "nothing committed while scoring with discard.commit.interval.ms=0");
        assertTrue(beforeStop.offset() > 0, "committed offset " + beforeStop.offset());
    }
}
