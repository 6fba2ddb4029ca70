package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.discardsearch.kafka.tools.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;


/** The embedded broker of the main job: a real broker that serves clients, and leaves nothing behind. */
class EmbeddedKafkaBrokerIT {

    @Test
    void servesTopicsAndLeavesNoFolderNorPortBehind() throws Exception {
        Path folder;
        String address;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            folder = broker.directory();
            address = broker.bootstrapServers();
            assertTrue(address.startsWith("127.0.0.1:"), address);
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", address))) {
                Topics.create(admin, List.of("probe"), 3, Map.of());
                assertEquals(3, Topics.partitions(admin, "probe").orElseThrow());
            }
            assertTrue(Files.isDirectory(folder));
        }
        assertFalse(Files.exists(folder), folder + " was left behind");
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
        }, "the broker port still answers after close");
    }
}
