package org.discardsearch.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.discardsearch.djl.TinyArchive;

/**
 * The consumer tests' archive: the core's {@link TinyArchive} (a narrow compact ResNet with seeded random weights,
 * laid out as the committed archives are) with budget 4 and at most 16, for tests that need an archive but not a
 * trained one. Public so that the integration tests (through this module's test jar) use it too.
 */
public final class TestArchive {

    /** The model name. */
    public static final String NAME = TinyArchive.NAME;

    /** Where {@link #sharedScorer()} writes its archive: the build folder of the module being tested. */
    public static final Path SHARED_ARCHIVE = Path.of("target", "test-archive").toAbsolutePath();

    private static DjlRecordScorer shared;

    private TestArchive() {
    }

    /**
     * Returns a scorer of an archive written once per JVM to {@link #SHARED_ARCHIVE}; it lives until the JVM exits.
     *
     * @return the scorer, for use from one thread at a time
     * @throws IOException if the archive cannot be written
     */
    public static synchronized DjlRecordScorer sharedScorer() throws IOException {
        if (shared == null) {
            shared = DjlRecordScorer.load(write(SHARED_ARCHIVE));
        }
        return shared;
    }

    /**
     * Writes the archive.
     *
     * @param dir the archive folder, created if missing
     * @return the folder
     * @throws IOException if a file cannot be written
     */
    public static Path write(Path dir) throws IOException {
        return TinyArchive.write(dir, Map.of("discardSearch.budget", "4", "discardSearch.maxBudget", "16"));
    }
}
