package org.discardsearch.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.discardsearch.layer.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class PhaseShiftTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void movesEachRowByItsOwnPhaseAndFillsWhatComesIn() {
        float[] values = new float[2 * 3 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        FloatTensor shifted = PhaseShift.shift(new FloatTensor(new long[] {2, 1, 3, 3}, values),
                List.of(new Phase(0, 1), new Phase(1, 1)), -1f);

        assertArrayEquals(new float[] {1, 2, -1, 4, 5, -1, 7, 8, -1, 13, 14, -1, 16, 17, -1, -1, -1, -1},
                shifted.values());
    }

    /** A zero fill leaves zeros in what comes in, in every channel, whatever the moved cells held. */
    @Test
    void aZeroFillLeavesZerosAtTheBottomAndRightOfEveryChannel() {
        float[] values = new float[2 * 2 * 2 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        FloatTensor shifted = PhaseShift.shift(new FloatTensor(new long[] {2, 2, 2, 2}, values),
                List.of(new Phase(1, 0), new Phase(0, 1)), 0f);

        assertArrayEquals(new float[] {3, 4, 0, 0, 7, 8, 0, 0, 10, 0, 12, 0, 14, 0, 16, 0}, shifted.values());
    }

    /**
     * Every strided node of every searched layer, at every phase, on the fixture images' real activations: the
     * node run on the shifted input equals the same node at stride 1 sliced [dy::R, dx::R], wherever the window
     * lies inside the input.
     */
    @ParameterizedTest
    @FieldSource("org.discardsearch.onnx.OnnxFixtures#MODELS")
    void phasesOfEverySearchedLayerEqualTheStrideOneResultSliced(String name) {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model(name));
        SubsamplingLayers layers = SubsamplingLayerFinder.find(model, OnnxFixtures.SIDE);
        List<StridedNode> nodes = new ArrayList<>();
        layers.defaultSearched().forEach(l -> nodes.addAll(layers.layers().get(l).nodes()));
        List<String> inputs = nodes.stream().map(StridedNode::input).distinct().toList();
        Map<String, FloatTensor> activations;
        try (GraphSession session = GraphSession.loadForInnerTensors(model.file(),
                ModelWriter.withOutputs(model, inputs), 1)) {
            activations = session.run(Map.of("input", new FloatTensor(
                    new long[] {OnnxFixtures.IMAGES, 3, OnnxFixtures.SIDE, OnnxFixtures.SIDE},
                    OnnxFixtures.input())), inputs);
        }
        for (StridedNode node : nodes) {
            FloatTensor input = activations.get(node.input());
            FloatTensor strideOne = runNode(strideOne(model, node), node, input);
            for (Phase phase : Phase.all(node.stride())) {
                FloatTensor shifted = PhaseShift.shift(input,
                        Collections.nCopies(OnnxFixtures.IMAGES, phase), node.fill().shiftValue());
                assertInsideWindowsEqual(name + " " + node.node() + " " + phase, node, phase,
                        runNode(model, node, shifted), strideOne, input.shape()[2], input.shape()[3]);
            }
        }
    }

    private static FloatTensor runNode(OnnxModel model, StridedNode node, FloatTensor input) {
        String output = model.graph().nodes().get(node.index()).outputs().get(0);
        byte[] graph = ModelWriter.subgraph(model, List.of(node.index()), List.of(node.input()), List.of(output));
        try (GraphSession session = GraphSession.load(model.file(), graph, 1)) {
            return session.run(Map.of(node.input(), input), List.of(output)).get(output);
        }
    }

    /** Compares phase output (i, j) with stride-1 output (i·R + dy, j·R + dx) where the window is inside. */
    private static void assertInsideWindowsEqual(String what, StridedNode node, Phase phase, FloatTensor actual,
            FloatTensor strideOne, long height, long width) {
        long[] out = actual.shape();
        long[] full = strideOne.shape();
        int stride = node.stride();
        long top = node.pads().get(0);
        long left = node.pads().get(1);
        double difference = 0;
        double scale = 0;
        int compared = 0;
        for (int plane = 0; plane < out[0] * out[1]; plane++) {
            for (int i = 0; i < out[2]; i++) {
                long row = i * stride - top;
                if (row < 0 || row + node.kernel().get(0) - 1 + phase.dy() > height - 1) {
                    continue;
                }
                for (int j = 0; j < out[3]; j++) {
                    long column = j * stride - left;
                    if (column < 0 || column + node.kernel().get(1) - 1 + phase.dx() > width - 1) {
                        continue;
                    }
                    float expected = strideOne.values()[Math.toIntExact(
                            (plane * full[2] + i * stride + phase.dy()) * full[3] + j * stride + phase.dx())];
                    float value = actual.values()[Math.toIntExact((plane * out[2] + i) * out[3] + j)];
                    difference = Math.max(difference, Math.abs(value - expected));
                    scale = Math.max(scale, Math.abs(expected));
                    compared++;
                }
            }
        }
        assertTrue(compared > 0, what + ": no window inside the input");
        assertTrue(difference <= TOLERANCE * scale, what + ": relative difference " + difference / scale);
    }

    /** The model with one node's strides set to 1. */
    private static OnnxModel strideOne(OnnxModel model, StridedNode node) {
        FieldDescriptor graphField = OnnxSchema.field(OnnxSchema.MODEL, "graph");
        FieldDescriptor nodes = OnnxSchema.field(OnnxSchema.GRAPH, "node");
        FieldDescriptor attributes = OnnxSchema.field(OnnxSchema.NODE, "attribute");
        DynamicMessage graph = (DynamicMessage) model.message().getField(graphField);
        DynamicMessage.Builder changed = ((DynamicMessage) graph.getRepeatedField(nodes, node.index())).toBuilder();
        for (int a = 0; a < changed.getRepeatedFieldCount(attributes); a++) {
            DynamicMessage attribute = (DynamicMessage) changed.getRepeatedField(attributes, a);
            if (MessageFields.string(attribute, "name").equals("strides")) {
                changed.setRepeatedField(attributes, a, attribute.toBuilder()
                        .clearField(OnnxSchema.field(OnnxSchema.ATTRIBUTE, "ints"))
                        .addRepeatedField(OnnxSchema.field(OnnxSchema.ATTRIBUTE, "ints"), 1L)
                        .addRepeatedField(OnnxSchema.field(OnnxSchema.ATTRIBUTE, "ints"), 1L).build());
            }
        }
        DynamicMessage message = model.message().toBuilder().setField(graphField,
                graph.toBuilder().setRepeatedField(nodes, node.index(), changed.build()).build()).build();
        return new OnnxModel(model.file(), model.opsetVersion(), model.graph(), message);
    }
}
