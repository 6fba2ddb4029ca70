package org.discardsearch.onnx;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.discardsearch.layer.BlockFormat;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhasePlan;
import org.discardsearch.network.SearchableNetwork;

/**
 * An imported classifier as the search sees a network: the units of a {@link SegmentedGraph} (unit l + 1 starts
 * at subsampling layer l) and its head. Between units a batch travels as one (N, S) array whose row holds the
 * cut's tensors flattened one after the other, so that the executors can gather and stack rows of a cut that
 * carries several tensors; the image enters and the aggregated map leaves as (N, C, H, W). Every array crosses
 * to ONNX Runtime and back through Java memory. Inference only: the graph's weights are not DJL parameters.
 * Thread-safe. DJL does not close blocks: whoever loads one closes it to free its native sessions, or leaves
 * them for the process's lifetime, as a serving model does.
 */
public final class ImportedNetwork extends AbstractBlock implements SearchableNetwork, AutoCloseable {

    private static final byte VERSION = 1;

    private final String name;
    private final SegmentedGraph graph;
    private final List<List<long[]>> cutShapes;
    private final int classes;

    private ImportedNetwork(String name, SegmentedGraph graph, List<List<long[]>> cutShapes, int classes) {
        super(VERSION);
        this.name = name;
        this.graph = graph;
        this.cutShapes = cutShapes;
        this.classes = classes;
    }

    /**
     * Cuts a model before its subsampling layers and measures every cut at one input side.
     *
     * @param model the model, with one image input and the logits as its first output
     * @param side the input's height and width, as the archive's preprocessing makes it
     * @param threads ONNX Runtime's intra-op threads per session
     * @return the network
     * @throws OnnxFormatException if the layers cannot be found or the graph cannot be cut there
     */
    public static ImportedNetwork load(OnnxModel model, int side, int threads) {
        SubsamplingLayers layers = SubsamplingLayerFinder.find(model, side);
        SegmentedGraph graph = SegmentedGraph.load(model, layers, threads);
        List<String> tensors = new ArrayList<>();
        for (int unit = 0; unit <= graph.units(); unit++) {
            tensors.addAll(graph.cut(unit));
        }
        String logits = model.graph().outputs().get(0).name();
        tensors.add(logits);
        Map<String, long[]> shapes = ShapeProbe.shapes(model, side, tensors.stream().distinct().toList());
        List<List<long[]>> cutShapes = new ArrayList<>();
        for (int unit = 0; unit <= graph.units(); unit++) {
            cutShapes.add(graph.cut(unit).stream().map(t -> Arrays.copyOfRange(shapes.get(t), 1,
                    shapes.get(t).length)).toList());
        }
        String name = model.file().getFileName().toString();
        return new ImportedNetwork(name, graph, cutShapes, Math.toIntExact(shapes.get(logits)[1]));
    }

    /**
     * Returns the channels of the aggregated map, which an attention aggregator needs.
     *
     * @return C of the final pre-pool map
     */
    public int finalChannels() {
        return Math.toIntExact(cutShapes.get(graph.units()).get(0)[0]);
    }

    @Override
    public String architecture() {
        return name;
    }

    @Override
    public int unitCount() {
        return graph.units();
    }

    @Override
    public int subsamplingLayerCount() {
        return graph.layers().layers().size();
    }

    @Override
    public int unitOfLayer(int layer) {
        return layer + 1;
    }

    @Override
    public int stride(int layer) {
        return graph.layers().layers().get(layer).stride();
    }

    @Override
    public List<Integer> defaultSearchedLayers() {
        return graph.layers().defaultSearched();
    }

    @Override
    public NDArray runUnits(ParameterStore parameterStore, NDArray input, int from, int to, PhasePlan plan) {
        float[] values = input.toFloatArray();
        int inputRows = Math.toIntExact(input.getShape().get(0));
        int rowSize = values.length / inputRows;
        boolean sameRows = plan.size() == inputRows
                && IntStream.range(0, inputRows).allMatch(row -> plan.source(row) == row);
        Map<String, FloatTensor> cut = new LinkedHashMap<>();
        int offset = 0;
        for (int t = 0; t < graph.cut(from).size(); t++) {
            long[] shape = cutShapes.get(from).get(t);
            int size = Math.toIntExact(new Shape(shape).size());
            // A cut of one tensor fed its own rows in order is the input as it stands: at the cuts of a
            // MobileNetV2 a copy is megabytes, a noticeable part of a budget-1 call (docs/performance.md).
            float[] gathered = sameRows && size == rowSize ? values : new float[plan.size() * size];
            for (int row = 0; gathered != values && row < plan.size(); row++) {
                System.arraycopy(values, plan.source(row) * rowSize + offset, gathered, row * size, size);
            }
            cut.put(graph.cut(from).get(t), new FloatTensor(batchShape(plan.size(), shape), gathered));
            offset += size;
        }
        List<Phase> phases = new ArrayList<>(plan.size());
        for (int row = 0; row < plan.size(); row++) {
            phases.add(plan.phase(row));
        }
        return pack(graph.run(from, to, cut, phases), to, plan.size(), input.getManager());
    }

    /** Puts a cut's tensors side by side in each row; the aggregated map keeps its shape. */
    private NDArray pack(Map<String, FloatTensor> tensors, int unit, int rows, NDManager manager) {
        if (unit == graph.units()) {
            FloatTensor map = tensors.get(graph.cut(unit).get(0));
            return manager.create(map.values(), new Shape(map.shape()));
        }
        List<long[]> shapes = cutShapes.get(unit);
        int rowSize = shapes.stream().mapToInt(s -> Math.toIntExact(new Shape(s).size())).sum();
        if (shapes.size() == 1) {
            return manager.create(tensors.get(graph.cut(unit).get(0)).values(), new Shape(rows, rowSize));
        }
        float[] packed = new float[rows * rowSize];
        int offset = 0;
        for (int t = 0; t < shapes.size(); t++) {
            float[] values = tensors.get(graph.cut(unit).get(t)).values();
            int size = values.length / rows;
            for (int row = 0; row < rows; row++) {
                System.arraycopy(values, row * size, packed, row * rowSize + offset, size);
            }
            offset += size;
        }
        return manager.create(packed, new Shape(rows, rowSize));
    }

    private static long[] batchShape(int rows, long[] shape) {
        long[] full = new long[shape.length + 1];
        full[0] = rows;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public NDArray classify(ParameterStore parameterStore, NDArray maps) {
        FloatTensor logits = graph.classify(new FloatTensor(maps.getShape().getShape(), maps.toFloatArray()));
        return maps.getManager().create(logits.values(), new Shape(logits.shape()));
    }

    /** Not counted for imported graphs: ONNX Runtime runs them, and their operators vary. */
    @Override
    public long[] unitMacs(Shape imageShape) {
        throw new UnsupportedOperationException("multiply-accumulates are not counted for imported graphs ("
                + name + ")");
    }

    /** Not counted for imported graphs: ONNX Runtime runs them, and their operators vary. */
    @Override
    public long headMacs(Shape imageShape) {
        throw new UnsupportedOperationException("multiply-accumulates are not counted for imported graphs ("
                + name + ")");
    }

    /** The plain network at inference: images to logits. */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            throw new UnsupportedOperationException("an imported graph (" + name + ") runs at inference only");
        }
        return new NDList(plainLogits(parameterStore, inputs.singletonOrThrow()));
    }

    /** The whole file in one session, as ONNX Runtime runs it without this project. */
    @Override
    public NDArray plainLogits(ParameterStore parameterStore, NDArray images) {
        FloatTensor logits = graph.plainLogits(new FloatTensor(images.getShape().getShape(), images.toFloatArray()));
        return images.getManager().create(logits.values(), new Shape(logits.shape()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(ImportedNetwork.class, loadVersion, VERSION);
        readInputShapes(is);
    }

    /** Frees the native sessions. */
    @Override
    public void close() {
        graph.close();
    }

    @Override
    public String toString() {
        return "ImportedNetwork(" + name + ", " + unitCount() + " units, searched by default "
                + defaultSearchedLayers() + ")";
    }
}
