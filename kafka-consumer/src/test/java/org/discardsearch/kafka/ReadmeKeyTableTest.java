package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.discardsearch.config.ConfigTable;
import org.junit.jupiter.api.Test;

class ReadmeKeyTableTest {

    @Test
    void readmeHoldsTheKeyTableRenderedFromTheDeclarations() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        String table = ConfigTable.markdown(List.of(ConsumerKeys.KEYS));
        assertTrue(readme.contains(table), "kafka-consumer/README.md differs from `kafka-consumer/run consumer "
                + "--keys`; paste its output into the README:\n" + table);
    }
}
