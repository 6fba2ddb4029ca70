package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A topic that mixes good images with one record per failure mode: each bad record lands on the dead-letter
 * topic with headers that say why and where it came from, and every good record around it is scored.
 */
@ExtendWith(KafkaTestEnvironment.class)
class BadInputIT {

    private static final String TOPIC = "bad-input";
    private static final int MAX_BYTES = 64 * 1024;

    /** One fixture per failure mode: id, bytes, headers, and the reject reason expected (null for none). */
    private record Fixture(String id, byte[] bytes, Map<String, String> headers, String reason) {
    }

    private static final Map<String, Fixture> BAD = new LinkedHashMap<>();
    private static final Map<String, ConsumerRecord<byte[], byte[]>> DEAD = new HashMap<>();
    private static final Map<String, ResultMessage> RESULTS = new HashMap<>();
    private static int goodCount;

    private static void bad(String id, byte[] bytes, Map<String, String> headers, String reason) {
        BAD.put(id, new Fixture(id, bytes, headers, reason));
    }

    @BeforeAll
    static void scoreTheMixedTopic() throws IOException {
        LabelledImages test = KafkaTestEnvironment.testImages();
        byte[] good = PngWriter.write(test, 0);
        bad("corrupt", Arrays.copyOf(good, good.length / 2), Map.of(), "CORRUPT");
        bad("empty", new byte[0], Map.of(), "EMPTY");
        bad("too-many-bytes", new byte[MAX_BYTES + 1], Map.of(), "TOO_LARGE");
        bad("too-many-pixels", png(8000, 6000), Map.of(), "TOO_MANY_PIXELS");
        bad("text", "{\"not\": \"an image\"}".getBytes(StandardCharsets.UTF_8), Map.of(), "NOT_AN_IMAGE");
        bad("label-not-a-number", good, Map.of("label", "shirt"), null);
        bad("label-out-of-range", good, Map.of("label", "12"), null);
        bad("budget-above-max", good, Map.of("budget", "99"), null);
        bad("content-type-gif", good, Map.of("content-type", "image/gif"), null);

        KafkaTestEnvironment.createTopic(TOPIC, 1);
        try (ImageTopicLoader loader = new ImageTopicLoader(Map.of("bootstrap.servers",
                KafkaTestEnvironment.bootstrapServers()), TOPIC)) {
            int i = 0;
            for (Fixture fixture : BAD.values()) {
                loader.send("good-" + i, PngWriter.write(test, i), Map.of("label", Integer.toString(test.label(i))));
                i++;
                loader.send(fixture.id(), fixture.bytes(), fixture.headers());
            }
            loader.send("good-" + i, PngWriter.write(test, i), Map.of());
            goodCount = i + 1;
        }
        Map<String, String> settings = KafkaTestEnvironment.settings(TOPIC);
        settings.put("discard.mode", "shadow");
        settings.put("discard.batch.size", "4");
        settings.put("discard.record.max.bytes", Integer.toString(MAX_BYTES));
        ScoringConsumerConfig config = ScoringConsumerConfig.parse(settings);
        BoundedRun.run(new ScoringConsumer(config, KafkaTestEnvironment.scorer()), goodCount + BAD.size(),
                Duration.ofMillis(100), progress -> { });
        for (var record : KafkaTestEnvironment.readTopic(config.deadLetterTopic(), BAD.size(), Duration.ofSeconds(30),
                true)) {
            DEAD.put(new String(record.key(), StandardCharsets.UTF_8), record);
        }
        for (var record : KafkaTestEnvironment.readTopic(config.resultTopic(), goodCount, Duration.ofSeconds(30),
                true)) {
            ResultMessage result = MessageCodec.readResult(record.value());
            RESULTS.put(result.id(), result);
        }
    }

    @AfterAll
    static void clear() {
        BAD.clear();
        DEAD.clear();
        RESULTS.clear();
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return HeaderNames.text(record.headers(), name);
    }

    @Test
    void everyBadRecordIsADeadLetterAndNothingElseIs() {
        assertEquals(BAD.keySet(), DEAD.keySet());
    }

    @Test
    void everyGoodNeighbourIsScoredOnce() {
        assertEquals(goodCount, RESULTS.size());
        for (int i = 0; i < goodCount; i++) {
            assertNotNull(RESULTS.get("good-" + i), "good-" + i);
        }
    }

    @Test
    void deadLettersSayWhyAndWhereTheRecordCameFrom() {
        for (Fixture fixture : BAD.values()) {
            ConsumerRecord<byte[], byte[]> dead = DEAD.get(fixture.id());
            assertEquals("BAD_INPUT", header(dead, HeaderNames.ERROR_CATEGORY), fixture.id());
            assertEquals(fixture.reason(), header(dead, HeaderNames.ERROR_REASON), fixture.id());
            assertEquals(TOPIC, header(dead, HeaderNames.SOURCE_TOPIC));
            assertEquals("0", header(dead, HeaderNames.SOURCE_PARTITION));
            String offset = header(dead, HeaderNames.SOURCE_OFFSET);
            String message = header(dead, HeaderNames.ERROR_MESSAGE);
            assertTrue(message.contains(TOPIC + "-0@" + offset), fixture.id() + ": " + message);
        }
    }

    @Test
    void deadLettersKeepTheOriginalValueAndHeaders() {
        for (Fixture fixture : BAD.values()) {
            ConsumerRecord<byte[], byte[]> dead = DEAD.get(fixture.id());
            assertArrayEquals(fixture.bytes(), dead.value(), fixture.id());
            fixture.headers().forEach((name, value) -> assertEquals(value, header(dead, name), fixture.id()));
        }
    }

    @Test
    void headerFaultsNameTheHeaderAndItsValue() {
        assertTrue(header(DEAD.get("label-not-a-number"), HeaderNames.ERROR_MESSAGE).contains("label = 'shirt'"));
        assertTrue(header(DEAD.get("label-out-of-range"), HeaderNames.ERROR_MESSAGE).contains("label = '12'"));
    }
}
