package org.discardsearch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigTableTest {

    @Test
    void tableHasOneRowPerDeclaredKeyInDeclarationOrder() {
        List<String> rows = ConfigTable.markdown().lines().filter(l -> l.startsWith("| `")).toList();
        List<String> declared = Stream.concat(DiscardSearchKeys.KEYS.names().stream(),
                ModelKeys.KEYS.names().stream()).toList();
        assertEquals(declared.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith("| `" + declared.get(i) + "` |"), rows.get(i));
        }
    }

    @Test
    void rowShowsTypeDefaultAllowedAndDoc() {
        String row = ConfigTable.markdown().lines().filter(l -> l.startsWith("| `discardSearch.order` |"))
                .findFirst().orElseThrow();
        assertEquals("| `discardSearch.order` | enum | paper | paper, best-first | "
                + DiscardSearchKeys.ORDER.doc() + " |", row);
    }

    @Test
    void pipesInTextAreEscapedSoEveryRowHasFiveCells() {
        ConfigKey<Integer> key = ConfigKey.of("test.pipe", ValueType.INT, "1", Validator.any(), "Either a | b.");
        String table = ConfigTable.markdown(List.of(new ConfigKeySet("Test", List.of("test."), List.of(key))));
        String row = table.lines().filter(l -> l.startsWith("| `")).findFirst().orElseThrow();
        assertTrue(row.contains("Either a \\| b."), row);
        // five cells between six unescaped pipes
        assertEquals(7, row.split("(?<!\\\\)\\|", -1).length, row);
    }

    @Test
    void eachKeySetHasAHeadingAndAHeader() {
        String table = ConfigTable.markdown();
        assertTrue(table.startsWith("### Discard search\n\n| key | type | default | allowed | description |\n"));
        assertTrue(table.contains("\n### Model and preprocessing\n\n| key |"));
    }
}
