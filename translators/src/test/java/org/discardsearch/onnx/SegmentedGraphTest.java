package org.discardsearch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.discardsearch.layer.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SegmentedGraphTest {

    private static final double TOLERANCE = 1e-5;
    /**
     * For a reference whose activations come from a session without the NCHWc layout rewrite (the only way to
     * read inner tensors, {@link GraphSession#loadForInnerTensors}) against segments with it: the two kernels
     * alone give whole-file logits up to 1e-5 apart on these fixtures (resnet50 9.8e-6, mobilenet_v2 4.8e-6).
     */
    private static final double MIXED_KERNELS_TOLERANCE = 3e-5;
    private static final List<Phase> ORIGIN = Collections.nCopies(OnnxFixtures.IMAGES, Phase.ORIGIN);

    /** Every unit on its own, then all of them as one range: both give the whole file's logits. */
    @ParameterizedTest
    @FieldSource("org.discardsearch.onnx.OnnxFixtures#MODELS")
    void unitsInSequenceAtTheDefaultPhaseGiveTheWholeGraphsLogits(String name) {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model(name));
        float[] whole;
        try (ImportedGraph graph = ImportedGraph.load(model, 1)) {
            whole = graph.logits(images()).values();
        }
        try (SegmentedGraph graph = SegmentedGraph.load(model, SubsamplingLayerFinder.find(model, OnnxFixtures.SIDE),
                1)) {
            Map<String, FloatTensor> cut = Map.of("input", images());
            for (int unit = 0; unit < graph.units(); unit++) {
                cut = graph.run(unit, unit + 1, cut, ORIGIN);
                assertEquals(graph.cut(unit + 1), List.copyOf(cut.keySet()), name + " unit " + unit);
            }
            String map = graph.layers().aggregatedMap();
            assertClose(name + " unit by unit", whole, graph.classify(cut.get(map)).values());
            FloatTensor inOneRange = graph.run(0, graph.units(), Map.of("input", images()), ORIGIN).get(map);
            assertClose(name + " as one range", whole, graph.classify(inOneRange).values());
        }
    }

    /**
     * Each searched layer at a phase per image (1, 2 and 3), the rest of the graph at the default: the segments
     * give the logits of the whole file with that layer's strided nodes fed their own inputs shifted, so the
     * cut shifts what those nodes read and nothing else. With PhaseShiftTest (a node on its shifted input equals
     * its stride-1 output sliced, where windows are inside) this is the stride-1-and-slice check through the
     * whole network.
     */
    @ParameterizedTest
    @FieldSource("org.discardsearch.onnx.OnnxFixtures#MODELS")
    void aPhaseAtASearchedLayerIsTheWholeGraphWithThatLayersNodesReadingShiftedInputs(String name) {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model(name));
        SubsamplingLayers layers = SubsamplingLayerFinder.find(model, OnnxFixtures.SIDE);
        float[] plain;
        try (ImportedGraph graph = ImportedGraph.load(model, 1)) {
            plain = graph.logits(images()).values();
        }
        try (SegmentedGraph graph = SegmentedGraph.load(model, layers, 1)) {
            for (int layer : layers.defaultSearched()) {
                SubsamplingLayer searched = layers.layers().get(layer);
                List<Phase> phases = IntStream.rangeClosed(1, OnnxFixtures.IMAGES)
                        .mapToObj(i -> Phase.ofIndex(i, searched.stride())).toList();
                Map<String, FloatTensor> cut = graph.run(0, layer + 1, Map.of("input", images()), ORIGIN);
                FloatTensor map = graph.run(layer + 1, graph.units(), cut, phases).get(layers.aggregatedMap());
                float[] segmented = graph.classify(map).values();

                float[] expected = wholeGraphWithShiftedNodes(model, searched, phases);
                String what = name + " layer " + layer;
                double error = RelativeError.of(segmented, expected);
                assertTrue(error <= MIXED_KERNELS_TOLERANCE, what + ": relative error " + error);
                assertTrue(RelativeError.of(expected, plain) > 10 * MIXED_KERNELS_TOLERANCE,
                        what + ": the phases change nothing");
            }
        }
    }

    @Test
    void refusesAPhaseForTheUnitThatStartsAtTheImage() {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model("resnet18"));
        try (SegmentedGraph graph = SegmentedGraph.load(model, SubsamplingLayerFinder.find(model, 224), 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph.run(0, 1,
                    Map.of("input", images()), Collections.nCopies(OnnxFixtures.IMAGES, new Phase(1, 0))));
            assertTrue(e.getMessage().contains("unit 0 starts at the image"), e.getMessage());
        }
    }

    @Test
    void aCutMayCarrySeveralTensors() {
        // Inception-v3's Mixed_6a: a strided convolution and a strided max pool read the block's input, and a
        // third strided convolution reads the end of a stride-1 branch of that input.
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model("inception_v3"));
        try (SegmentedGraph graph = SegmentedGraph.load(model, SubsamplingLayerFinder.find(model, 224), 1)) {
            assertEquals(2, graph.cut(4).size(), graph.cut(4).toString());
        }
    }

    /** The whole file in one session, each strided node of the layer reading its input shifted per row. */
    private static float[] wholeGraphWithShiftedNodes(OnnxModel model, SubsamplingLayer layer, List<Phase> phases) {
        List<String> inputs = layer.nodes().stream().map(StridedNode::input).distinct().toList();
        Map<String, FloatTensor> activations;
        try (GraphSession session = GraphSession.loadForInnerTensors(model.file(),
                ModelWriter.withOutputs(model, inputs), 1)) {
            activations = session.run(Map.of("input", images()), inputs);
        }
        Map<Integer, String> firstInputs = new HashMap<>();
        Map<String, FloatTensor> fed = new HashMap<>(Map.of("input", images()));
        for (StridedNode node : layer.nodes()) {
            String shifted = "shifted input of " + node.node();
            firstInputs.put(node.index(), shifted);
            fed.put(shifted, PhaseShift.shift(activations.get(node.input()), phases, node.fill().shiftValue()));
        }
        List<Integer> all = IntStream.range(0, model.graph().nodes().size()).boxed().toList();
        String logits = model.graph().outputs().get(0).name();
        byte[] graph = ModelWriter.subgraph(model, all, firstInputs, new ArrayList<>(fed.keySet()), List.of(logits));
        try (GraphSession session = GraphSession.load(model.file(), graph, 1)) {
            return session.run(fed, List.of(logits)).get(logits).values();
        }
    }

    private static FloatTensor images() {
        return new FloatTensor(new long[] {OnnxFixtures.IMAGES, 3, OnnxFixtures.SIDE, OnnxFixtures.SIDE},
                OnnxFixtures.input());
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        double error = RelativeError.of(actual, expected);
        assertTrue(error <= TOLERANCE, what + ": relative error " + error);
    }
}
