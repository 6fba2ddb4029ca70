package org.discardsearch.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an imported classifier is cut for the search: before every subsampling layer, so that the graph becomes
 * units 0 … L (unit 0 from the image to the cut of layer 0, unit l + 1 from the cut of layer l to that of layer
 * l + 1, unit L ending at the aggregated map) and the head (the aggregated map to the logits). A node belongs to
 * the deepest unit among its inputs' producers, or to unit l + 1 if it is a strided node of layer l; nodes that
 * read stored tensors only belong to none (each subgraph that reads them recomputes them). A cut carries every
 * tensor made before it and read after it, so it may carry several. Immutable.
 */
final class GraphCuts {

    private static final String SHIFTED = "|shifted";
    private static final String SHIFTED_MAX = "|shifted-max";

    private final OnnxModel model;
    private final SubsamplingLayers layers;
    private final Map<Integer, Integer> unitOfNode;
    private final List<Integer> headNodes;
    private final List<List<String>> cuts;

    private GraphCuts(OnnxModel model, SubsamplingLayers layers, Map<Integer, Integer> unitOfNode,
            List<Integer> headNodes, List<List<String>> cuts) {
        this.model = model;
        this.layers = layers;
        this.unitOfNode = unitOfNode;
        this.headNodes = headNodes;
        this.cuts = cuts;
    }

    /**
     * Cuts a graph before each of its subsampling layers.
     *
     * @param model the model, with one image input and the logits as its first output
     * @param layers its subsampling layers
     * @return the cuts
     * @throws OnnxFormatException if a tensor crosses two cuts (a unit would have to pass it on unchanged), the
     *     head reads anything but the aggregated map, or the aggregated map is not made after the last layer
     */
    static GraphCuts of(OnnxModel model, SubsamplingLayers layers) {
        OnnxGraph graph = model.graph();
        Map<Integer, Integer> layerOfNode = new HashMap<>();
        layers.layers().forEach(l -> l.nodes().forEach(n -> layerOfNode.put(n.index(), l.index())));
        Set<String> stored = new HashSet<>(graph.initializers());
        Map<String, Integer> madeIn = new HashMap<>();
        madeIn.put(graph.inputs().get(0).name(), 0);
        Set<String> headTensors = new HashSet<>(Set.of(layers.aggregatedMap()));
        Map<Integer, Integer> unitOfNode = new LinkedHashMap<>();
        List<Integer> headNodes = new ArrayList<>();
        for (OnnxNode node : graph.nodes()) {
            List<String> live = node.inputs().stream().filter(t -> !t.isEmpty() && !stored.contains(t)).toList();
            if (live.isEmpty()) {
                stored.addAll(node.outputs());
            } else if (live.stream().anyMatch(headTensors::contains)) {
                for (String tensor : live) {
                    if (!headTensors.contains(tensor)) {
                        throw new OnnxFormatException(model.file(), "head node " + node.label() + " reads '" + tensor
                                + "' besides the aggregated map '" + layers.aggregatedMap() + "'; expected a head"
                                + " that reads the aggregated map only");
                    }
                }
                headNodes.add(node.index());
                headTensors.addAll(node.outputs());
            } else {
                int unit = live.stream().mapToInt(t -> madeIn.getOrDefault(t, 0)).max().orElseThrow();
                Integer layer = layerOfNode.get(node.index());
                if (layer != null) {
                    unit = Math.max(unit, layer + 1);
                }
                unitOfNode.put(node.index(), unit);
                for (String output : node.outputs()) {
                    madeIn.put(output, unit);
                }
            }
        }
        int units = layers.layers().size() + 1;
        List<List<String>> cuts = new ArrayList<>();
        cuts.add(List.of(graph.inputs().get(0).name()));
        for (int unit = 1; unit < units; unit++) {
            Set<String> cut = new LinkedHashSet<>();
            for (Map.Entry<Integer, Integer> node : unitOfNode.entrySet()) {
                if (node.getValue() < unit) {
                    continue;
                }
                for (String tensor : graph.nodes().get(node.getKey()).inputs()) {
                    Integer made = madeIn.get(tensor);
                    if (made != null && made < unit) {
                        if (made < unit - 1) {
                            throw new OnnxFormatException(model.file(), "tensor '" + tensor + "' made in unit "
                                    + made + " is read in unit " + node.getValue() + ", across more than one cut;"
                                    + " expected every tensor read in the unit after the one that makes it");
                        }
                        cut.add(tensor);
                    }
                }
            }
            cuts.add(List.copyOf(cut));
        }
        Integer aggregatedIn = madeIn.get(layers.aggregatedMap());
        if (aggregatedIn == null || aggregatedIn != units - 1) {
            throw new OnnxFormatException(model.file(), "the aggregated map '" + layers.aggregatedMap()
                    + "' is made in unit " + aggregatedIn + "; expected it after the last subsampling layer");
        }
        cuts.add(List.of(layers.aggregatedMap()));
        return new GraphCuts(model, layers, unitOfNode, List.copyOf(headNodes), List.copyOf(cuts));
    }

    /**
     * Returns the number of units, one more than the subsampling layers.
     *
     * @return L + 1
     */
    int units() {
        return cuts.size() - 1;
    }

    /**
     * Returns the tensors that cross into a unit.
     *
     * @param unit 0 … L; L + 1 for the aggregated map, the last unit's output
     * @return the image input for unit 0, the aggregated map for L + 1
     */
    List<String> cut(int unit) {
        return cuts.get(unit);
    }

    /**
     * Returns the subgraph that runs units [from, to) with the phase of the layer at unit {@code from}'s cut
     * applied there: that layer's strided nodes read shifted copies of the cut tensors, other readers the tensors
     * as they are.
     *
     * @param from the first unit
     * @param to one past the last, at most L + 1
     * @return the subgraph
     */
    Segment segment(int from, int to) {
        if (from < 0 || to <= from || to > units()) {
            throw new IllegalArgumentException("units [" + from + ", " + to + ") of " + units());
        }
        List<Integer> nodes = unitOfNode.entrySet().stream()
                .filter(e -> e.getValue() >= from && e.getValue() < to).map(Map.Entry::getKey).toList();
        Map<Integer, String> firstInputs = new HashMap<>();
        Map<String, ShiftedInput> shifted = new LinkedHashMap<>();
        if (from > 0) {
            for (StridedNode node : layers.layers().get(from - 1).nodes()) {
                float fill = node.fill().shiftValue();
                String name = node.input() + (fill == 0f ? SHIFTED : SHIFTED_MAX);
                shifted.putIfAbsent(name, new ShiftedInput(node.input(), name, fill));
                firstInputs.put(node.index(), name);
            }
        }
        Set<String> plain = new LinkedHashSet<>();
        for (int index : nodes) {
            List<String> inputs = model.graph().nodes().get(index).inputs();
            for (int i = 0; i < inputs.size(); i++) {
                if (cut(from).contains(inputs.get(i)) && !(i == 0 && firstInputs.containsKey(index))) {
                    plain.add(inputs.get(i));
                }
            }
        }
        return new Segment(nodes, firstInputs, List.copyOf(plain), List.copyOf(shifted.values()), cut(to));
    }

    /**
     * Returns the head's nodes: the global pooling and everything after it.
     *
     * @return node indices in graph order
     */
    List<Integer> headNodes() {
        return headNodes;
    }

    /**
     * A cut tensor as a strided node reads it: shifted to the layer's phase, with the node's fill.
     *
     * @param tensor the cut tensor
     * @param name the subgraph input that carries the shifted copy
     * @param fill what the cells the shift brings in hold
     */
    record ShiftedInput(String tensor, String name, float fill) {}

    /**
     * A subgraph of units: the nodes, which of them read a shifted input, and what it is fed and returns.
     *
     * @param nodes node indices in graph order
     * @param firstInputs the strided nodes whose first input is a shifted copy, by index, and that copy's name
     * @param plainInputs cut tensors fed as they are
     * @param shiftedInputs cut tensors fed shifted
     * @param outputs the tensors of the cut after the last unit
     */
    record Segment(List<Integer> nodes, Map<Integer, String> firstInputs, List<String> plainInputs,
            List<ShiftedInput> shiftedInputs, List<String> outputs) {

        /** Returns every input's name, plain ones first. */
        List<String> inputNames() {
            List<String> names = new ArrayList<>(plainInputs);
            shiftedInputs.forEach(s -> names.add(s.name()));
            return names;
        }
    }
}
