package org.discardsearch.onnx;

import java.util.List;

/**
 * A strided {@code Conv}, {@code MaxPool} or {@code AveragePool} node: one node of a subsampling layer.
 *
 * @param node the node's label ({@link OnnxNode#label()})
 * @param opType {@code Conv}, {@code MaxPool} or {@code AveragePool}
 * @param index the node's position in the graph
 * @param input the tensor it subsamples (its first input)
 * @param kernel the window's height and width
 * @param stride the stride, the same along both axes
 * @param pads ONNX's {@code pads}: top, left, bottom, right
 * @param ceilMode whether the output size rounds up ({@code ceil_mode = 1})
 * @param fill what padded cells hold
 */
public record StridedNode(String node, String opType, int index, String input, List<Long> kernel, int stride,
        List<Long> pads, boolean ceilMode, PadFill fill) {

    /** Validates and copies. */
    public StridedNode {
        if (stride < 2) {
            throw new IllegalArgumentException("node " + node + " has stride " + stride + "; expected at least 2");
        }
        kernel = List.copyOf(kernel);
        pads = List.copyOf(pads);
    }
}
