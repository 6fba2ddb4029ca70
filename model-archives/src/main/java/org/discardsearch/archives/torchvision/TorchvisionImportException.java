package org.discardsearch.archives.torchvision;

import java.nio.file.Path;
import java.util.List;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * A TorchScript file that cannot be imported: not a TorchScript module, or a module whose parameters, buffers or
 * layers do not fit the architecture. Every problem found is listed, each naming the parameter or module it is
 * about (for example {@code missing parameter layer1.1.conv2.weight (64, 64, 3, 3)}). Category
 * {@link ErrorCategory#BAD_INPUT}: the file is at fault, not the configuration.
 */
public final class TorchvisionImportException extends DiscardSearchException {

    private static final long serialVersionUID = 1L;
    private static final int LISTED = 20;

    /** The problems, each one line. */
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param file the TorchScript file
     * @param problems what is wrong, one line each, at least one
     */
    public TorchvisionImportException(Path file, List<String> problems) {
        super(ErrorCategory.BAD_INPUT, message(file, problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns every problem found.
     *
     * @return one line each
     */
    public List<String> problems() {
        return problems;
    }

    private static String message(Path file, List<String> problems) {
        if (problems.size() == 1) {
            return "Cannot import " + file + ": " + problems.get(0);
        }
        StringBuilder text = new StringBuilder("Cannot import " + file + ": " + problems.size() + " problems");
        problems.stream().limit(LISTED).forEach(p -> text.append("\n  - ").append(p));
        if (problems.size() > LISTED) {
            text.append("\n  - … and ").append(problems.size() - LISTED).append(" more");
        }
        return text.toString();
    }
}
