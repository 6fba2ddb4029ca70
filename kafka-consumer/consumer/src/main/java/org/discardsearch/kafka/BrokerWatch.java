package org.discardsearch.kafka;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when the Kafka cluster stops answering (WARN) and when it answers again (INFO), once each. The
 * Kafka clients retry in silence, so without it a consumer whose broker is gone looked like one waiting for
 * records (31 s without a line, issue 15). It asks the cluster for its nodes with an admin client of its own,
 * one request at a time, each allowed one interval to answer.
 *
 * <p>{@link #check()} never blocks. Not thread-safe: called from the consumer's polling thread.
 */
final class BrokerWatch implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(BrokerWatch.class);

    private final Admin admin;
    private final Object servers;
    private final long intervalNanos;
    private KafkaFuture<?> pending;
    private long nextAskNanos = System.nanoTime();
    private long lastAnswerNanos = System.nanoTime();
    private boolean reachable = true;

    /**
     * Creates a watch; nothing is asked before the first {@link #check()}.
     *
     * @param adminProperties admin client settings, with {@code bootstrap.servers}
     * @param interval how often to ask, and how long an answer may take
     */
    BrokerWatch(Map<String, Object> adminProperties, Duration interval) {
        this.admin = Admin.create(adminProperties);
        this.servers = adminProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        this.intervalNanos = interval.toNanos();
    }

    /** Looks at the answer of the request in flight, if it came, and asks again when the interval has passed. */
    void check() {
        long now = System.nanoTime();
        if (pending != null && pending.isDone()) {
            answered(now);
            pending = null;
        }
        if (pending == null && now - nextAskNanos >= 0) {
            pending = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) Duration.ofNanos(intervalNanos).toMillis())).nodes();
            nextAskNanos = now + intervalNanos;
        }
    }

    private void answered(long now) {
        try {
            pending.get();
        } catch (ExecutionException e) {
            if (reachable) {
                reachable = false;
                logger.warn("Kafka cluster unreachable at {}: no answer for {} s ({}); the consumer keeps retrying",
                        servers, seconds(now - lastAnswerNanos), e.getCause().toString());
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!reachable) {
            reachable = true;
            logger.info("Kafka cluster at {} reachable again after {} s without an answer", servers,
                    seconds(now - lastAnswerNanos));
        }
        lastAnswerNanos = now;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    /**
     * Returns whether the cluster answered the last request that finished; true before the first.
     *
     * @return whether the cluster is reachable, as last seen
     */
    boolean reachable() {
        return reachable;
    }

    /** Closes the admin client without waiting for a request in flight. */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
