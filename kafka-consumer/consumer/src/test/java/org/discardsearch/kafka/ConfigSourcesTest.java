package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.discardsearch.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

    @TempDir
    Path dir;

    @Test
    void yamlMappingsBecomeDottedKeysAndListsCommaSeparated() throws Exception {
        Path file = Files.writeString(dir.resolve("consumer.yaml"), """
                discard:
                  mode: shadow
                  batch:
                    size: 8
                bootstrap.servers: [a:1, b:2]
                """);
        assertEquals(Map.of("discard.mode", "shadow", "discard.batch.size", "8", "bootstrap.servers", "a:1,b:2"),
                ConfigSources.readFile(file));
    }

    @Test
    void propertiesFileIsReadAsIs() throws Exception {
        Path file = Files.writeString(dir.resolve("consumer.properties"), "discard.mode=split\ngroup.id=g\n");
        assertEquals(Map.of("discard.mode", "split", "group.id", "g"), ConfigSources.readFile(file));
    }

    @Test
    void commandLineOverridesWinOverTheFileWhateverTheirPosition() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "discard.mode=split\ndiscard.top.k=3\n");
        Map<String, String> settings = ConfigSources.fromArgs(List.of("discard.mode=shadow", "--config",
                file.toString()));
        assertEquals("shadow", settings.get("discard.mode"));
        assertEquals("3", settings.get("discard.top.k"));
    }

    @Test
    void overrideWithoutEqualsSignIsRejectedNamingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigSources.override(Map.of(), List.of("discard.mode")));
        assertTrue(e.getMessage().contains("'discard.mode'"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("absent.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigSources.readFile(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void yamlThatIsNotAMappingIsRejectedNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("list.yml"), "- a\n- b\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigSources.readFile(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
