package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.error.ConfigException;
import org.discardsearch.kafka.tools.BoundedRun;
import org.discardsearch.kafka.tools.ImageTopicLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;



/**
 * A topic that mixes good images with one record per failure mode, scored at the consumer's default settings: each
 * bad record lands on the dead-letter topic with headers that say why and where it came from, every good record
 * around it is scored, and the consumer keeps going and commits past all of them. The corpus includes a record
 * over the producer's default {@code max.request.size}, whose dead letter cannot keep its value, and a key so long
 * that its result would not fit the result topic.
 */
@ExtendWith(KafkaTestEnvironment.class)
class BadInputIT {

    private static final String TOPIC = "bad-input";
    /** The default of discard.record.max.bytes. */
    private static final int MAX_BYTES = ConsumerKeys.RECORD_MAX_BYTES.defaultValue().orElseThrow();
    /** Above the producer's default max.request.size (1 MiB), as in the issue: a 1.47 MB PNG. */
    private static final int OVER_PRODUCER_LIMIT = 1_470_000;
    /** What the input topic and its producer take, so that the corpus can hold the records above. */
    private static final String INPUT_MAX_BYTES = "4194304";

    /**
     * One fixture per failure mode: a name, the key, bytes, headers, the reject reason expected (null for none)
     * and what the dead letter leaves out (null for nothing).
     */
    private record Fixture(String name, String key, byte[] bytes, Map<String, String> headers, String reason,
            String dropped) {
    }

    private static final Map<String, Fixture> BAD = new LinkedHashMap<>();
    private static final Map<String, ConsumerRecord<byte[], byte[]>> DEAD = new HashMap<>();
    private static final Map<String, ResultMessage> RESULTS = new HashMap<>();
    private static int goodCount;
    private static int inputCount;

    private static void bad(String name, byte[] bytes, Map<String, String> headers, String reason) {
        BAD.put(name, new Fixture(name, name, bytes, headers, reason, null));
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
        BAD.put("over-producer-limit", new Fixture("over-producer-limit", "over-producer-limit",
                noise(OVER_PRODUCER_LIMIT), Map.of("content-type", "image/png"), "TOO_LARGE", "value"));
        BAD.put("key-too-long", new Fixture("key-too-long", "k".repeat(600_000), good, Map.of(), null, null));

        KafkaTestEnvironment.createTopic(TOPIC, 1, Map.of("max.message.bytes", INPUT_MAX_BYTES));
        try (ImageTopicLoader loader = new ImageTopicLoader(Map.of("bootstrap.servers",
                KafkaTestEnvironment.bootstrapServers(), "max.request.size", INPUT_MAX_BYTES), TOPIC)) {
            int i = 0;
            for (Fixture fixture : BAD.values()) {
                loader.send("good-" + i, PngWriter.write(test, i), Map.of("label", Integer.toString(test.label(i))));
                i++;
                loader.send(fixture.key(), fixture.bytes(), fixture.headers());
            }
            loader.send("good-" + i, PngWriter.write(test, i), Map.of());
            goodCount = i + 1;
        }
        inputCount = goodCount + BAD.size();
        Map<String, String> settings = KafkaTestEnvironment.settings(TOPIC);
        settings.put("discard.mode", "shadow");
        settings.put("discard.batch.size", "4");
        ScoringConsumerConfig config = ScoringConsumerConfig.parse(settings);
        // Returns only when the consumer processed every record and stopped without a failure.
        BoundedRun.run(new ScoringConsumer(config, KafkaTestEnvironment.scorer()), inputCount,
                Duration.ofMillis(100), progress -> { });
        for (var record : KafkaTestEnvironment.readTopic(config.deadLetterTopic(), BAD.size(), Duration.ofSeconds(30),
                true)) {
            DEAD.put(nameOf(record), record);
        }
        for (var record : KafkaTestEnvironment.readTopic(config.resultTopic(), goodCount, Duration.ofSeconds(30),
                true)) {
            ResultMessage result = MessageCodec.readResult(record.value());
            RESULTS.put(result.id(), result);
        }
    }

    /** The fixture a dead letter belongs to, by its key. */
    private static String nameOf(ConsumerRecord<byte[], byte[]> record) {
        String key = new String(record.key(), StandardCharsets.UTF_8);
        return BAD.values().stream().filter(f -> f.key().equals(key)).map(Fixture::name).findFirst().orElse(key);
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

    /** Random gray pixels as a PNG of at least {@code bytes} bytes: noise does not compress. */
    private static byte[] noise(int bytes) throws IOException {
        int side = (int) Math.ceil(Math.sqrt(bytes)) + 16;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        new Random(15).nextBytes(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
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
            ConsumerRecord<byte[], byte[]> dead = DEAD.get(fixture.name());
            assertEquals("BAD_INPUT", header(dead, HeaderNames.ERROR_CATEGORY), fixture.name());
            assertEquals(fixture.reason(), header(dead, HeaderNames.ERROR_REASON), fixture.name());
            assertEquals(TOPIC, header(dead, HeaderNames.SOURCE_TOPIC));
            assertEquals("0", header(dead, HeaderNames.SOURCE_PARTITION));
            String offset = header(dead, HeaderNames.SOURCE_OFFSET);
            String message = header(dead, HeaderNames.ERROR_MESSAGE);
            assertTrue(message.contains(TOPIC + "-0@" + offset), fixture.name() + ": " + message);
        }
    }

    @Test
    void deadLettersKeepTheOriginalValueAndHeadersWhenTheyFit() {
        for (Fixture fixture : BAD.values()) {
            if (fixture.dropped() == null) {
                ConsumerRecord<byte[], byte[]> dead = DEAD.get(fixture.name());
                assertArrayEquals(fixture.bytes(), dead.value(), fixture.name());
                fixture.headers().forEach((name, value) -> assertEquals(value, header(dead, name), fixture.name()));
                assertNull(header(dead, HeaderNames.DROPPED), fixture.name());
            }
        }
    }

    @Test
    void aRecordOverTheProducerLimitIsADeadLetterWithoutItsValueThatSaysSo() {
        Fixture fixture = BAD.get("over-producer-limit");
        assertTrue(fixture.bytes().length > 1024 * 1024, "fixture of " + fixture.bytes().length + " bytes");
        ConsumerRecord<byte[], byte[]> dead = DEAD.get(fixture.name());
        assertNull(dead.value());
        assertEquals("value", header(dead, HeaderNames.DROPPED));
        assertEquals(Integer.toString(fixture.bytes().length), header(dead, HeaderNames.ORIGINAL_VALUE_BYTES));
        String reason = header(dead, HeaderNames.DROPPED_REASON);
        assertTrue(reason.contains("max.request.size = 1048576"), reason);
        assertEquals("image/png", header(dead, "content-type"), "original headers kept");
    }

    @Test
    void aResultTooLargeForTheResultTopicIsADeadLetter() {
        String message = header(DEAD.get("key-too-long"), HeaderNames.ERROR_MESSAGE);
        assertTrue(message.contains("600000 bytes") && message.contains(TOPIC + "-results"), message);
    }

    @Test
    void theConsumerCommitsPastEveryRecord() {
        assertEquals(inputCount, KafkaTestEnvironment.committed(TOPIC, TOPIC).offset());
    }

    @Test
    void aRecordLimitThatLeavesNoRoomForDeadLettersFailsAtStart() {
        Map<String, String> settings = KafkaTestEnvironment.settings("bad-input-limits");
        settings.put("discard.record.max.bytes", "1048576");
        ScoringConsumer consumer = new ScoringConsumer(ScoringConsumerConfig.parse(settings),
                KafkaTestEnvironment.scorer());
        ConfigException e = assertThrows(ConfigException.class, consumer::run);
        assertTrue(e.getMessage().contains("discard.record.max.bytes") && e.getMessage().contains("'1048576'")
                && e.getMessage().contains("bad-input-limits-dead"), e.getMessage());
    }

    @Test
    void headerFaultsNameTheHeaderAndItsValue() {
        assertTrue(header(DEAD.get("label-not-a-number"), HeaderNames.ERROR_MESSAGE).contains("label = 'shirt'"));
        assertTrue(header(DEAD.get("label-out-of-range"), HeaderNames.ERROR_MESSAGE).contains("label = '12'"));
    }
}
