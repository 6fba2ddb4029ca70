package org.discardsearch.onnx;

import java.nio.file.Path;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * An ONNX file this package cannot use: not an ONNX model, an operator set outside the supported range, tensors
 * kept in external files, or a graph whose layers cannot be searched. The message names the file and the
 * problem. Category {@link ErrorCategory#BAD_INPUT}: the file is at fault, not the configuration.
 */
public final class OnnxFormatException extends DiscardSearchException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the ONNX file
     * @param problem what is wrong with it and, where it helps, what is expected
     */
    public OnnxFormatException(Path file, String problem) {
        super(ErrorCategory.BAD_INPUT, "Cannot import ONNX file " + file + ": " + problem);
    }

    /**
     * Creates the exception for a lower-level failure.
     *
     * @param file the ONNX file
     * @param problem what is wrong with it
     * @param cause the failure that showed it
     */
    public OnnxFormatException(Path file, String problem, Throwable cause) {
        super(ErrorCategory.BAD_INPUT, "Cannot import ONNX file " + file + ": " + problem, cause);
    }
}
