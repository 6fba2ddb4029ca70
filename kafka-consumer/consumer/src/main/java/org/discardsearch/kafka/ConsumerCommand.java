package org.discardsearch.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.discardsearch.error.ConfigException;
import org.discardsearch.config.ConfigTable;
import org.discardsearch.error.DiscardSearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer as a command: {@code ConsumerCommand [--config FILE] [key=value ...]}, or {@code --keys} to print
 * the table of its keys. Runs until SIGTERM (or Ctrl-C), then finishes the work in flight, commits, writes a last
 * report and exits (status 143, as any JVM ended by SIGTERM). Exits 2 on a configuration error and 1 when the
 * consumer stops on a failure, printing the message only.
 */
public final class ConsumerCommand {

    private static final Logger logger = LoggerFactory.getLogger(ConsumerCommand.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private ConsumerCommand() {
    }

    /**
     * Runs the consumer.
     *
     * @param args {@code --config FILE} and {@code key=value} overrides, or {@code --keys}
     */
    public static void main(String[] args) {
        if (List.of(args).contains("--keys")) {
            System.out.print(ConfigTable.markdown(List.of(ConsumerKeys.KEYS)));
            return;
        }
        int code = run(args);
        // After a SIGTERM the JVM is already shutting down, and System.exit would block forever: return instead.
        if (code != 0) {
            System.exit(code);
        }
    }

    private static int run(String[] args) {
        ScoringConsumerConfig config;
        try {
            Map<String, String> settings = ConfigSources.fromArgs(List.of(args));
            config = ScoringConsumerConfig.parse(settings);
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("Configuration error: " + e);
            return 2;
        }
        logger.info("Effective configuration:\n{}", config.describe());
        CountDownLatch finished = new CountDownLatch(1);
        try (RecordScorer scorer = DjlRecordScorer.load(config.archive())) {
            ScoringConsumer consumer = new ScoringConsumer(config, scorer);
            // After SIGTERM the JVM halts as soon as the hooks return: wait until the last report is logged.
            Thread hook = new Thread(() -> {
                consumer.stop();
                try {
                    finished.await(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "discard-consumer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            logger.info("{}", consumer.run().text());
            return 0;
        } catch (DiscardSearchException e) {
            logger.error("Consumer stopped ({}): {}", e.category(), e.getMessage());
            return e instanceof ConfigException ? 2 : 1;
        } finally {
            finished.countDown();
        }
    }
}
