package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.discardsearch.config.ConfigTable;
import org.junit.jupiter.api.Test;

/**
 * The table of the consumer's keys in docs/configuration.md (where the README's key tables moved) is the one the
 * declarations render.
 */
class ReadmeKeyTableTest {

    private static final String DOC = "docs/configuration.md";
    private static final String BEGIN = "<!-- kafka-keys:begin -->\n";
    private static final String END = "<!-- kafka-keys:end -->";

    @Test
    void readmeListsExactlyTheDeclaredKeys() throws Exception {
        String text = Files.readString(Path.of("../..", DOC), StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, DOC + " must hold the markers " + BEGIN.trim() + " and " + END);
        assertEquals(ConfigTable.markdown(List.of(ConsumerKeys.KEYS)).trim(),
                text.substring(begin + BEGIN.length(), end).trim(),
                DOC + " table of the consumer's keys is stale: regenerate it with ./discard-search consumer --keys");
    }
}
