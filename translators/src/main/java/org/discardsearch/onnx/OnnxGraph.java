package org.discardsearch.onnx;

import java.util.List;
import java.util.Set;

/**
 * The main graph of an ONNX model.
 *
 * @param nodes the nodes in the file's order, which ONNX requires to be topological
 * @param inputs the inputs the caller feeds: the graph's inputs that no initializer provides
 * @param outputs the graph's outputs
 * @param initializers the names of the tensors stored in the file (weights and constants)
 */
public record OnnxGraph(List<OnnxNode> nodes, List<ValueInfo> inputs, List<ValueInfo> outputs,
        Set<String> initializers) {

    /** Validates and copies. */
    public OnnxGraph {
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        initializers = Set.copyOf(initializers);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).index() != i) {
                throw new IllegalArgumentException("node " + nodes.get(i).label() + " has index "
                        + nodes.get(i).index() + " at position " + i);
            }
        }
    }
}
