package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.discardsearch.kafka.tools.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;


/**
 * The consumer's watch of the cluster notices a broker that goes away and one that comes back on the same address:
 * a broker of its own, stopped and started again on the same ports.
 */
class BrokerWatchIT {

    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void noticesTheBrokerGoingAwayAndComingBack() throws IOException {
        int port = freePort();
        Map<String, String> ports = fixedPorts(port, freePort());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(ports);
        try (BrokerWatch watch = new BrokerWatch(Map.of("bootstrap.servers", "127.0.0.1:" + port), INTERVAL)) {
            broker.close();
            assertTrue(await(watch, () -> !watch.reachable()), "unreachable after the broker stopped");
            broker = EmbeddedKafkaBroker.start(ports);
            assertTrue(await(watch, watch::reachable), "reachable once a broker serves the address again");
        } finally {
            broker.close();
        }
    }

    @Test
    void aClusterThatNeverAnswersIsUnreachable() throws IOException {
        try (BrokerWatch watch = new BrokerWatch(Map.of("bootstrap.servers", "127.0.0.1:" + freePort()), INTERVAL)) {
            assertTrue(await(watch, () -> !watch.reachable()), "unreachable with nothing listening");
        }
    }

    /** Checks every few milliseconds, as the poll loop does, until the condition holds or the patience runs out. */
    private static boolean await(BrokerWatch watch, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        watch.check();
        while (System.nanoTime() < deadline) {
            watch.check();
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static Map<String, String> fixedPorts(int port, int controllerPort) {
        return Map.of("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port,
                "controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
