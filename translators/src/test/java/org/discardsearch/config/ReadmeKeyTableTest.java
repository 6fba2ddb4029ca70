package org.discardsearch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The key table of docs/configuration.md (where the README's key tables moved) is the one the declarations
 * render: Kafka's generated-docs idea, kept small.
 */
class ReadmeKeyTableTest {

    private static final String DOC = "docs/configuration.md";
    private static final String BEGIN = "<!-- config-keys:begin -->\n";
    private static final String END = "<!-- config-keys:end -->";

    @Test
    void readmeListsExactlyTheDeclaredKeys() throws IOException {
        Path doc = Paths.get("..", "docs", "configuration.md");
        assertTrue(Files.isRegularFile(doc), "expected the configuration guide at " + doc.toAbsolutePath());
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " must hold the markers " + BEGIN.trim() + " and " + END);
        assertEquals(ConfigTable.markdown().trim(), text.substring(begin + BEGIN.length(), end).trim(),
                DOC + " key table is stale: regenerate it with org.discardsearch.config.ConfigTable");
    }
}
