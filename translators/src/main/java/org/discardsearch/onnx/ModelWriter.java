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
            changed.addRepeatedField(OnnxSchema.field(OnnxSchema.GRAPH, "input"), floatValue(input));
        }
        for (String output : outputs) {
            changed.addRepeatedField(OnnxSchema.field(OnnxSchema.GRAPH, "output"), floatValue(output));
        }
        return model.message().toBuilder().setField(graphField, changed.build()).build().toByteArray();
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
