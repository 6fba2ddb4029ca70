package org.discardsearch.onnx;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * The part of ONNX's protobuf schema ({@code onnx.proto}, IR version 3 and later) that this package reads,
 * declared in code: message and field names and numbers as the ONNX specification gives them. Enumerations are
 * declared as {@code int32}, which is the same on the wire. Fields left out are preserved as unknown fields
 * when a message is parsed and written back.
 */
public final class OnnxSchema {

    /** {@code ModelProto}: the file's top-level message. */
    public static final Descriptor MODEL;
    /** {@code OperatorSetIdProto}: an operator set the model imports. */
    public static final Descriptor OPERATOR_SET;
    /** {@code GraphProto}. */
    public static final Descriptor GRAPH;
    /** {@code NodeProto}. */
    public static final Descriptor NODE;
    /** {@code AttributeProto}. */
    public static final Descriptor ATTRIBUTE;
    /** {@code TensorProto}. */
    public static final Descriptor TENSOR;
    /** {@code ValueInfoProto}: a graph input or output. */
    public static final Descriptor VALUE_INFO;
    /** {@code TypeProto}. */
    public static final Descriptor TYPE;
    /** {@code TypeProto.Tensor}. */
    public static final Descriptor TENSOR_TYPE;
    /** {@code TensorShapeProto}. */
    public static final Descriptor SHAPE;
    /** {@code TensorShapeProto.Dimension}. */
    public static final Descriptor DIMENSION;
    /** {@code StringStringEntryProto}: where an external tensor lives. */
    public static final Descriptor ENTRY;

    /** {@code TensorProto.DataLocation.EXTERNAL}. */
    public static final int DATA_LOCATION_EXTERNAL = 1;
    /** {@code TensorProto.DataType.FLOAT}. */
    public static final int FLOAT = 1;

    static {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("discardsearch_onnx_subset.proto")
                .setPackage("onnx")
                .setSyntax("proto2")
                .addMessageType(message("ModelProto",
                        scalar("ir_version", 1, Type.TYPE_INT64),
                        repeated("opset_import", 8, ".onnx.OperatorSetIdProto"),
                        nested("graph", 7, ".onnx.GraphProto")))
                .addMessageType(message("OperatorSetIdProto",
                        scalar("domain", 1, Type.TYPE_STRING),
                        scalar("version", 2, Type.TYPE_INT64)))
                .addMessageType(message("GraphProto",
                        repeated("node", 1, ".onnx.NodeProto"),
                        scalar("name", 2, Type.TYPE_STRING),
                        repeated("initializer", 5, ".onnx.TensorProto"),
                        repeated("input", 11, ".onnx.ValueInfoProto"),
                        repeated("output", 12, ".onnx.ValueInfoProto"),
                        repeated("value_info", 13, ".onnx.ValueInfoProto")))
                .addMessageType(message("NodeProto",
                        repeatedScalar("input", 1, Type.TYPE_STRING),
                        repeatedScalar("output", 2, Type.TYPE_STRING),
                        scalar("name", 3, Type.TYPE_STRING),
                        scalar("op_type", 4, Type.TYPE_STRING),
                        repeated("attribute", 5, ".onnx.AttributeProto"),
                        scalar("domain", 7, Type.TYPE_STRING)))
                .addMessageType(message("AttributeProto",
                        scalar("name", 1, Type.TYPE_STRING),
                        scalar("f", 2, Type.TYPE_FLOAT),
                        scalar("i", 3, Type.TYPE_INT64),
                        scalar("s", 4, Type.TYPE_BYTES),
                        nested("t", 5, ".onnx.TensorProto"),
                        repeatedScalar("floats", 7, Type.TYPE_FLOAT),
                        repeatedScalar("ints", 8, Type.TYPE_INT64),
                        scalar("type", 20, Type.TYPE_INT32)))
                .addMessageType(message("TensorProto",
                        repeatedScalar("dims", 1, Type.TYPE_INT64),
                        scalar("data_type", 2, Type.TYPE_INT32),
                        scalar("name", 8, Type.TYPE_STRING),
                        repeated("external_data", 13, ".onnx.StringStringEntryProto"),
                        scalar("data_location", 14, Type.TYPE_INT32)))
                .addMessageType(message("ValueInfoProto",
                        scalar("name", 1, Type.TYPE_STRING),
                        nested("type", 2, ".onnx.TypeProto")))
                .addMessageType(message("TypeProto",
                        nested("tensor_type", 1, ".onnx.TypeProtoTensor")))
                .addMessageType(message("TypeProtoTensor",
                        scalar("elem_type", 1, Type.TYPE_INT32),
                        nested("shape", 2, ".onnx.TensorShapeProto")))
                .addMessageType(message("TensorShapeProto",
                        repeated("dim", 1, ".onnx.TensorShapeProtoDimension")))
                .addMessageType(message("TensorShapeProtoDimension",
                        scalar("dim_value", 1, Type.TYPE_INT64),
                        scalar("dim_param", 2, Type.TYPE_STRING)))
                .addMessageType(message("StringStringEntryProto",
                        scalar("key", 1, Type.TYPE_STRING),
                        scalar("value", 2, Type.TYPE_STRING)))
                .build();
        FileDescriptor descriptor;
        try {
            descriptor = FileDescriptor.buildFrom(file, new FileDescriptor[0]);
        } catch (DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
        MODEL = descriptor.findMessageTypeByName("ModelProto");
        OPERATOR_SET = descriptor.findMessageTypeByName("OperatorSetIdProto");
        GRAPH = descriptor.findMessageTypeByName("GraphProto");
        NODE = descriptor.findMessageTypeByName("NodeProto");
        ATTRIBUTE = descriptor.findMessageTypeByName("AttributeProto");
        TENSOR = descriptor.findMessageTypeByName("TensorProto");
        VALUE_INFO = descriptor.findMessageTypeByName("ValueInfoProto");
        TYPE = descriptor.findMessageTypeByName("TypeProto");
        TENSOR_TYPE = descriptor.findMessageTypeByName("TypeProtoTensor");
        SHAPE = descriptor.findMessageTypeByName("TensorShapeProto");
        DIMENSION = descriptor.findMessageTypeByName("TensorShapeProtoDimension");
        ENTRY = descriptor.findMessageTypeByName("StringStringEntryProto");
    }

    private OnnxSchema() {}

    /**
     * Returns a declared field of a message.
     *
     * @param message one of this class's descriptors
     * @param name the field's name in {@code onnx.proto}
     * @return the field
     * @throws IllegalArgumentException if the schema does not declare it
     */
    public static FieldDescriptor field(Descriptor message, String name) {
        FieldDescriptor field = message.findFieldByName(name);
        if (field == null) {
            throw new IllegalArgumentException(message.getName() + " declares no field '" + name + "'");
        }
        return field;
    }

    private static DescriptorProto message(String name, FieldDescriptorProto... fields) {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
        for (FieldDescriptorProto field : fields) {
            message.addField(field);
        }
        return message.build();
    }

    private static FieldDescriptorProto scalar(String name, int number, Type type) {
        return field(name, number, type, Label.LABEL_OPTIONAL).build();
    }

    private static FieldDescriptorProto repeatedScalar(String name, int number, Type type) {
        return field(name, number, type, Label.LABEL_REPEATED).build();
    }

    private static FieldDescriptorProto nested(String name, int number, String typeName) {
        return field(name, number, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL).setTypeName(typeName).build();
    }

    private static FieldDescriptorProto repeated(String name, int number, String typeName) {
        return field(name, number, Type.TYPE_MESSAGE, Label.LABEL_REPEATED).setTypeName(typeName).build();
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, Label label) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label);
    }
}
