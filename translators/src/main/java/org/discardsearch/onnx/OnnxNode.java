package org.discardsearch.onnx;

import java.util.List;
import java.util.Map;

/**
 * One node of an ONNX graph, in the graph's (topological) order.
 *
 * @param index the node's position in the graph
 * @param name the node's name; exporters name every node, but the format allows an empty name
 * @param opType the operator, such as {@code Conv}
 * @param domain the operator set's domain; empty for the default {@code ai.onnx}
 * @param inputs the input tensors' names; an empty name marks an omitted optional input
 * @param outputs the output tensors' names
 * @param attributes the attributes by name
 */
public record OnnxNode(int index, String name, String opType, String domain, List<String> inputs,
        List<String> outputs, Map<String, OnnxAttribute> attributes) {

    /** Validates and copies. */
    public OnnxNode {
        if (index < 0) {
            throw new IllegalArgumentException("node index " + index + " < 0");
        }
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /**
     * Returns an integer attribute.
     *
     * @param attribute the attribute's name
     * @param absent what ONNX defines when the attribute is not set
     * @return its value, or {@code absent}
     */
    public long intAttribute(String attribute, long absent) {
        OnnxAttribute value = attributes.get(attribute);
        return value == null ? absent : value.intValue();
    }

    /**
     * Returns an integer-list attribute.
     *
     * @param attribute the attribute's name
     * @param absent what ONNX defines when the attribute is not set
     * @return its value, or {@code absent}
     */
    public List<Long> intsAttribute(String attribute, List<Long> absent) {
        OnnxAttribute value = attributes.get(attribute);
        return value == null ? absent : value.ints();
    }

    /**
     * Returns a string attribute.
     *
     * @param attribute the attribute's name
     * @param absent what ONNX defines when the attribute is not set
     * @return its value, or {@code absent}
     */
    public String stringAttribute(String attribute, String absent) {
        OnnxAttribute value = attributes.get(attribute);
        return value == null ? absent : value.stringValue();
    }

    /**
     * Returns a name for messages: the node's name, or its operator and position when it has none.
     *
     * @return the name
     */
    public String label() {
        return name.isEmpty() ? opType + " #" + index : name;
    }
}
