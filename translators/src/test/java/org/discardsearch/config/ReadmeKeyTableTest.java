package org.discardsearch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The README's key table is the one the declarations render: Kafka's generated-docs idea, kept small. */
class ReadmeKeyTableTest {

    private static final String BEGIN = "<!-- config-keys:begin -->\n";
    private static final String END = "<!-- config-keys:end -->";

    @Test
    void readmeListsExactlyTheDeclaredKeys() throws IOException {
        Path readme = Paths.get("..", "README.md");
        assertTrue(Files.isRegularFile(readme), "expected the project README at " + readme.toAbsolutePath());
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README must hold the markers " + BEGIN.trim() + " and " + END);
        assertEquals(ConfigTable.markdown().trim(), text.substring(begin + BEGIN.length(), end).trim(),
                "README key table is stale: regenerate it with org.discardsearch.config.ConfigTable");
    }
}
