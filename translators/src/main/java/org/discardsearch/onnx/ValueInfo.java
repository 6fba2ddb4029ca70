package org.discardsearch.onnx;

import java.util.List;

/**
 * A graph input or output: its name, element type and shape.
 *
 * @param name the tensor's name
 * @param elementType ONNX's {@code TensorProto.DataType} code; {@link OnnxSchema#FLOAT} is float32
 * @param shape one entry per dimension: its size, or {@link #DYNAMIC} for a named or unknown one
 */
public record ValueInfo(String name, int elementType, List<Long> shape) {

    /** The size given to a dimension that has a name (such as {@code batch}) or no size. */
    public static final long DYNAMIC = -1;

    /** Validates and copies. */
    public ValueInfo {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a graph value needs a name");
        }
        shape = List.copyOf(shape);
    }
}
