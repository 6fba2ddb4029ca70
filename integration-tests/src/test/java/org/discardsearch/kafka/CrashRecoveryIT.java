package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the consumer process with SIGKILL in the middle of a topic, starts it again, and checks that every image
 * got a result: at-least-once (duplicates counted and reported) and exactly-once (no duplicates under
 * read_committed). The consumer runs as {@link ConsumerCommand} in a child JVM with a static group member, so the
 * restarted process takes the partitions back at once (docs/kafka.md §2).
 */
@ExtendWith(KafkaTestEnvironment.class)
class CrashRecoveryIT {

    private static final int IMAGES = 1000;
    private static final int KILL_AFTER_RESULTS = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path logs;

    private Process startConsumer(Map<String, String> settings, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-Dai.djl.pytorch.num_threads=" + System.getProperty("ai.djl.pytorch.num_threads", "1"),
                "-cp", System.getProperty("java.class.path"), ConsumerCommand.class.getName()));
        settings.forEach((k, v) -> command.add(k + "=" + v));
        File log = logs.resolve(name + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    private static Map<String, Integer> resultsPerId(String topic, boolean readCommitted) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTestEnvironment.readTopic(topic, Integer.MAX_VALUE,
                Duration.ofSeconds(1), readCommitted)) {
            counts.merge(new String(record.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return counts;
    }

    private static void await(IntSupplier value, int atLeast, Process process, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (value.getAsInt() < atLeast) {
            assertTrue(process.isAlive(), "consumer exited while waiting for " + what);
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    /** Runs the crash and the restart; returns the results per id as a read_committed reader sees them. */
    private Map<String, Integer> crashAndRestart(String topic, String delivery) throws Exception {
        KafkaTestEnvironment.loadImages(topic, 2, IMAGES);
        Map<String, String> settings = KafkaTestEnvironment.settings(topic);
        settings.put("discard.delivery", delivery);
        settings.put("discard.batch.size", "8");
        settings.put("group.instance.id", "worker-1");
        String results = topic + "-results";

        Process first = startConsumer(settings, "first");
        // Reads only until the kill point: reading the whole topic each time let a fast consumer finish first.
        await(() -> KafkaTestEnvironment.readTopic(results, KILL_AFTER_RESULTS, Duration.ofMillis(300), false).size(),
                KILL_AFTER_RESULTS, first, KILL_AFTER_RESULTS + " results");
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int beforeRestart = resultsPerId(results, true).size();
        System.out.printf("%s: killed with %d of %d ids answered%n", delivery, beforeRestart, IMAGES);
        assertTrue(beforeRestart < IMAGES, "the kill came after the last result; nothing was tested");

        Process second = startConsumer(settings, "second");
        await(() -> resultsPerId(results, true).size(), IMAGES, second, "a result for every id");
        second.destroy();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "consumer did not stop on SIGTERM");
        // A JVM ended by SIGTERM exits with 128 + 15 even after its shutdown hooks finished cleanly.
        assertEquals(SIGTERM_EXIT, second.exitValue(), log("second"));
        assertTrue(log("second").contains("A/B report"), "no final report after SIGTERM:\n" + log("second"));
        assertFalse(log("second").contains(" ERROR "), log("second"));
        return resultsPerId(results, true);
    }

    @Test
    void atLeastOnceLosesNothingAcrossASigkill() throws Exception {
        Map<String, Integer> perId = crashAndRestart("crash-alo", "at-least-once");
        assertEquals(IMAGES, perId.size());
        int duplicates = perId.values().stream().mapToInt(n -> n - 1).sum();
        System.out.printf("at-least-once after SIGKILL: %d ids, %d duplicate results%n", perId.size(), duplicates);
    }

    @Test
    void exactlyOnceGivesEveryIdOneCommittedResultAcrossASigkill() throws Exception {
        Map<String, Integer> perId = crashAndRestart("crash-eos", "exactly-once");
        assertEquals(IMAGES, perId.size());
        perId.forEach((id, n) -> assertEquals(1, n, "committed results for " + id));
    }
}
