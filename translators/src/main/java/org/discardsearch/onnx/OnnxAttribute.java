package org.discardsearch.onnx;

import java.util.List;

/**
 * One attribute of an ONNX node, with the value kinds the subsampling layers use: an integer, a float, a string
 * or a list of integers. Fields the attribute does not set hold their protobuf defaults (0, 0, "", empty).
 *
 * @param name the attribute's name, such as {@code strides}
 * @param intValue the {@code i} field
 * @param floatValue the {@code f} field
 * @param stringValue the {@code s} field, decoded as UTF-8
 * @param ints the {@code ints} field
 */
public record OnnxAttribute(String name, long intValue, float floatValue, String stringValue, List<Long> ints) {

    /** Validates and copies. */
    public OnnxAttribute {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an attribute needs a name");
        }
        ints = List.copyOf(ints);
    }
}
