package org.discardsearch.archives.data;

import java.nio.file.Path;
import java.util.List;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * A data file was found but its content is wrong: not IDX, an unsupported element type, a wrong shape, truncated
 * or trailing data, a corrupt gzip stream, images and labels that disagree, or a label outside the classes.
 *
 * <p>Category {@link ErrorCategory#BAD_INPUT}: reading the same bytes again fails the same way; the file must be
 * replaced (reinstall the package, or fix the folder {@code --data} points at).
 */
public class DatasetFormatException extends DiscardSearchException {

    private static final long serialVersionUID = 1L;

    private final transient List<Path> files;

    /**
     * Creates the error.
     *
     * @param message the user-facing message; it names the file(s), the offending value and what was expected
     * @param files the file or files at fault (two when images and labels disagree)
     */
    public DatasetFormatException(String message, List<Path> files) {
        super(ErrorCategory.BAD_INPUT, message);
        this.files = List.copyOf(files);
    }

    /**
     * Creates the error, keeping the lower-level cause (for example a gzip error).
     *
     * @param message the user-facing message; it names the file, what failed and what was expected
     * @param file the file at fault
     * @param cause the lower-level exception
     */
    public DatasetFormatException(String message, Path file, Throwable cause) {
        super(ErrorCategory.BAD_INPUT, message, cause);
        this.files = List.of(file);
    }

    /**
     * Returns the file or files at fault.
     *
     * @return an immutable list of one or two paths
     */
    public List<Path> files() {
        return files;
    }
}
