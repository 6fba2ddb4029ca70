package org.discardsearch.onnx;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;

/**
 * Writes changed copies of an imported model for ONNX Runtime. Everything the change does not touch, unknown
 * fields included, is written as it was read.
 */
final class ModelWriter {

    private ModelWriter() {}

    /**
     * Returns the model with other graph outputs: the named float32 tensors, with no shape declared (ONNX Runtime
     * reports each one's actual shape).
     *
     * @param model the model
     * @param outputs tensor names, each produced by a node or fed as an input
     * @return the serialized {@code ModelProto}
     */
    static byte[] withOutputs(OnnxModel model, List<String> outputs) {
        FieldDescriptor graphField = OnnxSchema.field(OnnxSchema.MODEL, "graph");
        DynamicMessage graph = (DynamicMessage) model.message().getField(graphField);
        DynamicMessage.Builder changed = graph.toBuilder().clearField(OnnxSchema.field(OnnxSchema.GRAPH, "output"));
        for (String output : outputs) {
            changed.addRepeatedField(OnnxSchema.field(OnnxSchema.GRAPH, "output"), floatValue(output));
        }
        return model.message().toBuilder().setField(graphField, changed.build()).build().toByteArray();
    }

    private static DynamicMessage floatValue(String name) {
        DynamicMessage tensorType = MessageFields.builder(OnnxSchema.TENSOR_TYPE)
                .setField(OnnxSchema.field(OnnxSchema.TENSOR_TYPE, "elem_type"), OnnxSchema.FLOAT).build();
        DynamicMessage type = MessageFields.builder(OnnxSchema.TYPE)
                .setField(OnnxSchema.field(OnnxSchema.TYPE, "tensor_type"), tensorType).build();
        return MessageFields.builder(OnnxSchema.VALUE_INFO)
                .setField(OnnxSchema.field(OnnxSchema.VALUE_INFO, "name"), name)
                .setField(OnnxSchema.field(OnnxSchema.VALUE_INFO, "type"), type).build();
    }
}
