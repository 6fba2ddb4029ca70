package org.discardsearch.archives.data;

import java.nio.file.Path;
import java.util.List;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * The dataset folder, or one of its files, does not exist. The message says which files were looked for and
 * where, which Debian package installs them, and that {@code --data DIR} points elsewhere.
 *
 * <p>Category {@link ErrorCategory#BAD_CONFIG}: install the package or fix the configured folder.
 */
public class DatasetNotFoundException extends DiscardSearchException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final transient List<String> missingFiles;

    /**
     * Creates the error.
     *
     * @param message the user-facing message
     * @param directory the folder that was searched
     * @param missingFiles the names of the files not found there (all of them when the folder itself is missing)
     */
    public DatasetNotFoundException(String message, Path directory, List<String> missingFiles) {
        super(ErrorCategory.BAD_CONFIG, message);
        this.directory = directory;
        this.missingFiles = List.copyOf(missingFiles);
    }

    /**
     * Returns the folder that was searched.
     *
     * @return the folder, as configured
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the names of the files that were not found.
     *
     * @return an immutable, non-empty list of file names
     */
    public List<String> missingFiles() {
        return missingFiles;
    }
}
