package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.kafka.tools.BoundedRun;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.discardsearch.result.SearchStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


/** 1,000 Fashion-MNIST test images through a real broker and the consumer, in search and in shadow mode. */
@ExtendWith(KafkaTestEnvironment.class)
class EndToEndIT {

    private static final int IMAGES = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Loads the images, runs the consumer until it has processed them all, and reads the result topic. */
    private static Map<String, List<ResultMessage>> score(String topic, String mode) {
        KafkaTestEnvironment.loadImages(topic, 2, IMAGES);
        Map<String, String> settings = KafkaTestEnvironment.settings(topic);
        settings.put("discard.mode", mode);
        ScoringConsumerConfig config = ScoringConsumerConfig.parse(settings);
        ScoringConsumer consumer = new ScoringConsumer(config, KafkaTestEnvironment.scorer());
        ReportMessage report = BoundedRun.run(consumer, IMAGES, Duration.ofMillis(100), progress -> { });
        assertEquals(IMAGES, report.records());
        // The topic was full before the consumer started, so the scorer was the bottleneck.
        assertTrue(consumer.progress().pauses() > 0, "the consumer never paused its partitions");
        if (mode.equals("shadow")) {
            assertEquals(IMAGES, report.report().paired().count());
            assertEquals(IMAGES, report.report().paired().labelled());
            List<ConsumerRecord<byte[], byte[]>> reports = KafkaTestEnvironment.readTopic(config.reportTopic(), 1,
                    TIMEOUT, true);
            JsonObject json = JsonParser.parseString(new String(reports.get(reports.size() - 1).value(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            assertEquals(IMAGES, json.getAsJsonObject("paired").get("count").getAsInt());
            assertEquals(IMAGES, json.getAsJsonObject("arms").getAsJsonObject("vanilla").get("labelled").getAsInt());
            assertEquals(IMAGES, json.get("records").getAsInt());
        }
        Map<String, List<ResultMessage>> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTestEnvironment.readTopic(config.resultTopic(), IMAGES,
                TIMEOUT, true)) {
            ResultMessage result = MessageCodec.readResult(record.value());
            assertEquals(result.id(), new String(record.key(), StandardCharsets.UTF_8));
            byId.computeIfAbsent(result.id(), id -> new ArrayList<>()).add(result);
        }
        return byId;
    }

    /** The core's results for the first images, at a budget, or at the archive's budget when 0. */
    private static List<DiscardResult> core(int budget) {
        List<ImageRequest> requests = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            byte[] png = PngWriter.write(KafkaTestEnvironment.testImages(), i);
            requests.add(budget > 0 ? ImageRequest.of(png, budget) : ImageRequest.of(png));
        }
        return KafkaTestEnvironment.coreResults(KafkaTestEnvironment.scorer(), requests);
    }

    @Test
    void searchModeWritesExactlyOneResultPerIdEqualToTheCore() {
        Map<String, List<ResultMessage>> byId = score("e2e-search", "search");
        List<DiscardResult> core = core(0);
        assertEquals(IMAGES, byId.size());
        for (int i = 0; i < IMAGES; i++) {
            List<ResultMessage> results = byId.get("img-" + i);
            assertNotNull(results, "img-" + i);
            assertEquals(1, results.size(), "results for img-" + i);
            ResultMessage result = results.get(0);
            assertEquals("search", result.arm());
            assertEquals(KafkaTestEnvironment.testImages().label(i), result.label());
            DiscardResult expected = core.get(i);
            ResultAssertions.assertSameResult(expected.topK(), expected.stats(), result.topK(),
                    new SearchStats(result.budget(), result.states(), result.networkCalls(),
                            result.earlyExit()));
        }
    }

    @Test
    void shadowModeWritesExactlyOneResultPerIdWithBothArmsEqualToTheCore() {
        Map<String, List<ResultMessage>> byId = score("e2e-shadow", "shadow");
        List<DiscardResult> core = core(1);
        assertEquals(IMAGES, byId.size());
        for (int i = 0; i < IMAGES; i++) {
            List<ResultMessage> results = byId.get("img-" + i);
            assertEquals(1, results.size(), "results for img-" + i);
            ResultMessage.ShadowArm shadow = results.get(0).shadow();
            assertEquals("vanilla", shadow.arm());
            DiscardResult expected = core.get(i);
            ResultAssertions.assertSameResult(expected.topK(), expected.stats(), shadow.topK(),
                    new SearchStats(shadow.budget(), shadow.states(), shadow.networkCalls(),
                            false));
        }
    }
}
