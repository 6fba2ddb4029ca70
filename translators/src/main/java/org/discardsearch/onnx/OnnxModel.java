package org.discardsearch.onnx;

import com.google.protobuf.DynamicMessage;
import java.nio.file.Path;

/**
 * An ONNX classifier read from a file by {@link OnnxModelReader}: its graph and the operator set it was written
 * for, plus the parsed file itself, unknown fields included, so that a changed copy can be written for ONNX
 * Runtime. Immutable.
 */
public final class OnnxModel {

    private final Path file;
    private final long opsetVersion;
    private final OnnxGraph graph;
    private final DynamicMessage message;

    OnnxModel(Path file, long opsetVersion, OnnxGraph graph, DynamicMessage message) {
        this.file = file;
        this.opsetVersion = opsetVersion;
        this.graph = graph;
        this.message = message;
    }

    /**
     * Returns the file the model was read from, for messages.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the version of the default ({@code ai.onnx}) operator set the model imports.
     *
     * @return the opset version
     */
    public long opsetVersion() {
        return opsetVersion;
    }

    /**
     * Returns the main graph.
     *
     * @return the graph
     */
    public OnnxGraph graph() {
        return graph;
    }

    /** The parsed {@code ModelProto}, for writing changed copies. */
    DynamicMessage message() {
        return message;
    }
}
