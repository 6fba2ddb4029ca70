package org.discardsearch.onnx;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;

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
            changed.addRepeatedField(OnnxSchema.field(OnnxSchema.GRAPH, "output"), floatValue(output, null));
        }
        return model.message().toBuilder().setField(graphField, changed.build()).build().toByteArray();
    }

    /**
     * Returns a graph made of some of the model's nodes: its inputs and outputs are the named float32 tensors
     * (no shape declared), and it keeps the initializers those nodes read. Nodes that compute what the chosen
     * nodes read from initializers alone (exporters write shared weights as {@code Identity} of one initializer,
     * and constants as {@code Constant} nodes) are kept too.
     *
     * @param model the model
     * @param nodes the indices of the nodes to keep
     * @param inputs the tensors fed to the subgraph
     * @param outputs the tensors it returns
     * @return the serialized {@code ModelProto}
     * @throws IllegalArgumentException if a tensor the nodes need is neither fed, stored nor computable from
     *     what is
     */
    static byte[] subgraph(OnnxModel model, List<Integer> nodes, List<String> inputs, List<String> outputs) {
        return subgraph(model, nodes, Map.of(), inputs, outputs);
    }

    /**
     * Returns a graph made of some of the model's nodes, as {@link #subgraph(OnnxModel, List, List, List)} does,
     * with the first input of some of them read from another tensor: a strided node reads its input shifted to
     * a phase while other readers of the same tensor read it as it is.
     *
     * @param model the model
     * @param nodes the indices of the nodes to keep
     * @param firstInputs for some of those nodes, by index, the tensor their first input is read from instead
     * @param inputs the tensors fed to the subgraph
     * @param outputs the tensors it returns
     * @return the serialized {@code ModelProto}
     * @throws IllegalArgumentException if a tensor the nodes need is neither fed, stored nor computable from
     *     what is
     */
    static byte[] subgraph(OnnxModel model, List<Integer> nodes, Map<Integer, String> firstInputs,
            List<String> inputs, List<String> outputs) {
        return subgraph(model, nodes, firstInputs, inputs, Map.of(), outputs);
    }

    /** As above, declaring the shapes of some inputs ({@link ValueInfo#DYNAMIC} for a dimension left open). */
    private static byte[] subgraph(OnnxModel model, List<Integer> nodes, Map<Integer, String> firstInputs,
            List<String> inputs, Map<String, List<Long>> inputShapes, List<String> outputs) {
        Function<Integer, List<String>> reads = index -> readInputs(model.graph().nodes().get(index), firstInputs);
        Set<Integer> kept = withProducers(model.graph(), nodes, reads, inputs);
        FieldDescriptor graphField = OnnxSchema.field(OnnxSchema.MODEL, "graph");
        FieldDescriptor nodeField = OnnxSchema.field(OnnxSchema.GRAPH, "node");
        FieldDescriptor initializerField = OnnxSchema.field(OnnxSchema.GRAPH, "initializer");
        DynamicMessage graph = (DynamicMessage) model.message().getField(graphField);
        DynamicMessage.Builder changed = graph.toBuilder().clearField(nodeField).clearField(initializerField)
                .clearField(OnnxSchema.field(OnnxSchema.GRAPH, "input"))
                .clearField(OnnxSchema.field(OnnxSchema.GRAPH, "output"))
                .clearField(OnnxSchema.field(OnnxSchema.GRAPH, "value_info"));
        Set<String> read = new HashSet<>();
        for (int index : kept) {
            DynamicMessage node = (DynamicMessage) graph.getRepeatedField(nodeField, index);
            String first = firstInputs.get(index);
            if (first != null) {
                node = node.toBuilder().setRepeatedField(OnnxSchema.field(OnnxSchema.NODE, "input"), 0, first).build();
            }
            changed.addRepeatedField(nodeField, node);
            read.addAll(reads.apply(index));
        }
        for (DynamicMessage tensor : MessageFields.messages(graph, "initializer")) {
            if (read.contains(MessageFields.string(tensor, "name"))) {
                changed.addRepeatedField(initializerField, tensor);
            }
        }
        for (String input : inputs) {
            changed.addRepeatedField(OnnxSchema.field(OnnxSchema.GRAPH, "input"),
                    floatValue(input, inputShapes.get(input)));
        }
        for (String output : outputs) {
            changed.addRepeatedField(OnnxSchema.field(OnnxSchema.GRAPH, "output"), floatValue(output, null));
        }
        return model.message().toBuilder().setField(graphField, changed.build()).build().toByteArray();
    }

    /**
     * Returns every node of the model as one graph: its input the file's image input, declared with the file's
     * shape but a dynamic batch dimension, its output the logits (no shape declared). ONNX Runtime runs it as
     * fast as the file itself, which the same nodes with an input of no declared shape are not (4 to 6% slower
     * for ResNet-18 and MobileNetV2, docs/performance.md).
     *
     * @param model the model, with one image input and the logits as its first output
     * @return the serialized {@code ModelProto}
     */
    static byte[] plainNetwork(OnnxModel model) {
        ValueInfo input = model.graph().inputs().get(0);
        List<Long> shape = new ArrayList<>(input.shape());
        shape.set(0, ValueInfo.DYNAMIC);
        return subgraph(model, IntStream.range(0, model.graph().nodes().size()).boxed().toList(), Map.of(),
                List.of(input.name()), Map.of(input.name(), shape), List.of(model.graph().outputs().get(0).name()));
    }

    private static List<String> readInputs(OnnxNode node, Map<Integer, String> firstInputs) {
        String first = firstInputs.get(node.index());
        if (first == null) {
            return node.inputs();
        }
        List<String> inputs = new ArrayList<>(node.inputs());
        inputs.set(0, first);
        return inputs;
    }

    /** The nodes, and every node they depend on through tensors that are not fed, in graph order. */
    private static Set<Integer> withProducers(OnnxGraph graph, List<Integer> nodes,
            Function<Integer, List<String>> reads, List<String> inputs) {
        Map<String, Integer> producers = new HashMap<>();
        for (OnnxNode node : graph.nodes()) {
            node.outputs().forEach(t -> producers.put(t, node.index()));
        }
        Set<Integer> kept = new TreeSet<>(nodes);
        Deque<String> needed = new ArrayDeque<>();
        nodes.forEach(n -> needed.addAll(reads.apply(n)));
        while (!needed.isEmpty()) {
            String tensor = needed.pop();
            if (tensor.isEmpty() || inputs.contains(tensor) || graph.initializers().contains(tensor)) {
                continue;
            }
            Integer producer = producers.get(tensor);
            if (producer == null) {
                throw new IllegalArgumentException("tensor '" + tensor + "' is neither fed nor computed");
            }
            if (kept.add(producer)) {
                needed.addAll(reads.apply(producer));
            }
        }
        return kept;
    }

    /** A float32 tensor's declaration; {@code shape} null declares none, a dynamic dimension has no size. */
    private static DynamicMessage floatValue(String name, List<Long> shape) {
        DynamicMessage.Builder tensorType = MessageFields.builder(OnnxSchema.TENSOR_TYPE)
                .setField(OnnxSchema.field(OnnxSchema.TENSOR_TYPE, "elem_type"), OnnxSchema.FLOAT);
        if (shape != null) {
            DynamicMessage.Builder dims = MessageFields.builder(OnnxSchema.SHAPE);
            for (long size : shape) {
                DynamicMessage.Builder dim = MessageFields.builder(OnnxSchema.DIMENSION);
                if (size != ValueInfo.DYNAMIC) {
                    dim.setField(OnnxSchema.field(OnnxSchema.DIMENSION, "dim_value"), size);
                }
                dims.addRepeatedField(OnnxSchema.field(OnnxSchema.SHAPE, "dim"), dim.build());
            }
            tensorType.setField(OnnxSchema.field(OnnxSchema.TENSOR_TYPE, "shape"), dims.build());
        }
        DynamicMessage type = MessageFields.builder(OnnxSchema.TYPE)
                .setField(OnnxSchema.field(OnnxSchema.TYPE, "tensor_type"), tensorType.build()).build();
        return MessageFields.builder(OnnxSchema.VALUE_INFO)
                .setField(OnnxSchema.field(OnnxSchema.VALUE_INFO, "name"), name)
                .setField(OnnxSchema.field(OnnxSchema.VALUE_INFO, "type"), type).build();
    }
}
