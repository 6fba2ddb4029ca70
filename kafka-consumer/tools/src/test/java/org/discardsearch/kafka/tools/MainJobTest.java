package org.discardsearch.kafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.error.ConfigException;
import org.discardsearch.kafka.ConsumerKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** The archive the main job and the benchmark score with: the one named on the command line, else the default. */
class MainJobTest {

    @TempDir
    Path dir;

    private Path archive(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("serving.properties"), "option.modelName=" + name + "\n");
        return folder;
    }

    @Test
    void theDefaultIsNamedAmongSeveralArchives() throws Exception {
        archive("compact-mobilenetv2-w8-s1");
        Path expected = archive(MainJob.DEFAULT_ARCHIVE);
        archive("compact-resnet-w16-s2");
        assertEquals(expected, MainJob.defaultArchive(dir));
    }

    @Test
    void aMissingDefaultIsNamedWithItsFolderAndTheArchivesThere() throws Exception {
        archive("compact-resnet-w16-s2");
        ConfigException e = assertThrows(ConfigException.class, () -> MainJob.defaultArchive(dir));
        assertEquals(ConsumerKeys.ARCHIVE.name(), e.key());
        assertTrue(e.getMessage().contains(dir.resolve(MainJob.DEFAULT_ARCHIVE).toAbsolutePath().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("[compact-resnet-w16-s2]"), e.getMessage());
        assertTrue(e.getMessage().contains("pass the archive folder"), e.getMessage());
    }

    @Test
    void anArchiveArgumentIsTakenOffTheFrontAndWins() throws Exception {
        List<String> args = new ArrayList<>(List.of("some/archive", "discard.batch.size=8"));
        assertEquals(Path.of("some/archive"), MainJob.archiveArgument(args));
        assertEquals(List.of("discard.batch.size=8"), args);
    }

    @Test
    void theDefaultArchiveIsCommitted() {
        Path committed = Path.of("../..", MainJob.ARCHIVES, MainJob.DEFAULT_ARCHIVE, "serving.properties");
        assertTrue(Files.isRegularFile(committed), committed.toAbsolutePath()::toString);
    }
}
