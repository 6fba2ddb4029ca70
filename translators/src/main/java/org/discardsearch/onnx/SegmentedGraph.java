package org.discardsearch.onnx;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.discardsearch.layer.Phase;

/**
 * An imported classifier cut before its subsampling layers ({@link GraphCuts}) and run in ONNX Runtime one range
 * of units at a time, every row of a batch at its own phase of the layer at the range's first cut (§2.4 as the
 * imported route does it: {@link PhaseShift} at the cut, then the strided nodes unchanged). A range's session is
 * built the first time it runs, from the file's nodes, with a dynamic batch dimension. Thread-safe; close it to
 * free the native sessions.
 */
public final class SegmentedGraph implements AutoCloseable {

    private final OnnxModel model;
    private final SubsamplingLayers layers;
    private final GraphCuts cuts;
    private final int threads;
    private final Map<List<Integer>, GraphSession> sessions = new ConcurrentHashMap<>();
    private final GraphSession head;
    private final String logits;

    private SegmentedGraph(OnnxModel model, SubsamplingLayers layers, GraphCuts cuts, int threads) {
        this.model = model;
        this.layers = layers;
        this.cuts = cuts;
        this.threads = threads;
        this.logits = model.graph().outputs().get(0).name();
        this.head = GraphSession.load(model.file(), ModelWriter.subgraph(model, cuts.headNodes(),
                List.of(layers.aggregatedMap()), List.of(logits)), threads);
    }

    /**
     * Cuts a model before each of its subsampling layers.
     *
     * @param model the model, with one image input and the logits as its first output
     * @param layers its subsampling layers ({@link SubsamplingLayerFinder#find})
     * @param threads ONNX Runtime's intra-op threads per session, at least 1
     * @return the graph
     * @throws OnnxFormatException if the graph cannot be cut there ({@link GraphCuts#of})
     */
    public static SegmentedGraph load(OnnxModel model, SubsamplingLayers layers, int threads) {
        return new SegmentedGraph(model, layers, GraphCuts.of(model, layers), threads);
    }

    /**
     * Returns the subsampling layers the graph is cut at.
     *
     * @return the layers
     */
    public SubsamplingLayers layers() {
        return layers;
    }

    /**
     * Returns the number of units: one more than the subsampling layers. Unit l + 1 starts at layer l's cut.
     *
     * @return L + 1
     */
    public int units() {
        return cuts.units();
    }

    /**
     * Returns the tensors that cross into a unit.
     *
     * @param unit 0 … L, or L + 1 for the aggregated map
     * @return the image input for unit 0, the aggregated map for L + 1
     */
    public List<String> cut(int unit) {
        return cuts.cut(unit);
    }

    /**
     * Runs units [from, to), row n of the batch at phase n of the layer whose cut starts unit {@code from}.
     *
     * @param from the first unit
     * @param to one past the last, at most L + 1
     * @param cut the tensors of {@link #cut(int) cut(from)}, by name, each (N, …)
     * @param phases N phases; only the origin for unit 0, which starts at the image
     * @return the tensors of {@code cut(to)}, by name
     */
    public Map<String, FloatTensor> run(int from, int to, Map<String, FloatTensor> cut, List<Phase> phases) {
        boolean stock = phases.stream().allMatch(Phase::isOrigin);
        if (from == 0 && !stock) {
            throw new IllegalArgumentException("unit 0 starts at the image, which has no phase; got " + phases);
        }
        GraphCuts.Segment segment = cuts.segment(from, to);
        if (segment.nodes().isEmpty()) {
            // A stem that strides at the image leaves unit 0 empty: the image is its own cut, and ONNX Runtime
            // refuses a graph whose output is its input.
            Map<String, FloatTensor> passed = new LinkedHashMap<>();
            segment.outputs().forEach(t -> passed.put(t, cutTensor(cut, t)));
            return passed;
        }
        Map<String, FloatTensor> fed = new HashMap<>();
        for (String tensor : segment.plainInputs()) {
            fed.put(tensor, cutTensor(cut, tensor));
        }
        for (GraphCuts.ShiftedInput input : segment.shiftedInputs()) {
            FloatTensor tensor = cutTensor(cut, input.tensor());
            // The origin shifts nothing: feed the tensor itself rather than a copy.
            fed.put(input.name(), stock ? tensor : PhaseShift.shift(tensor, phases, input.fill()));
        }
        GraphSession session = sessions.computeIfAbsent(List.of(from, to), k -> GraphSession.load(model.file(),
                ModelWriter.subgraph(model, segment.nodes(), segment.firstInputs(), segment.inputNames(),
                        segment.outputs()), threads));
        return session.run(fed, segment.outputs());
    }

    /**
     * Runs the head: the aggregated map to the logits.
     *
     * @param aggregatedMap (N, C, H, W)
     * @return (N, classes)
     */
    public FloatTensor classify(FloatTensor aggregatedMap) {
        return head.run(Map.of(layers.aggregatedMap(), aggregatedMap), List.of(logits)).get(logits);
    }

    /**
     * Runs every node of the file, each layer at its default phase, in one session built the first time it
     * runs: the segments' own sessions would cost a copy of every cut in and out.
     *
     * @param images (N, C, H, W)
     * @return (N, classes)
     */
    public FloatTensor plainLogits(FloatTensor images) {
        String input = cuts.cut(0).get(0);
        // Keyed past the last unit: the range of every unit and the head.
        GraphSession session = sessions.computeIfAbsent(List.of(0, units() + 1),
                k -> GraphSession.load(model.file(), ModelWriter.plainNetwork(model), threads));
        return session.run(Map.of(input, images), List.of(logits)).get(logits);
    }

    private static FloatTensor cutTensor(Map<String, FloatTensor> cut, String tensor) {
        FloatTensor value = cut.get(tensor);
        if (value == null) {
            throw new IllegalArgumentException("cut tensor '" + tensor + "' not given; got " + cut.keySet());
        }
        return value;
    }

    /** Frees the native sessions. */
    @Override
    public void close() {
        sessions.values().forEach(GraphSession::close);
        head.close();
    }
}
