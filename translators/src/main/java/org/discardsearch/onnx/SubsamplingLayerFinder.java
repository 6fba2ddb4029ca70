package org.discardsearch.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the subsampling layers of an imported classifier with no knowledge of its architecture: every
 * {@code Conv}, {@code MaxPool} and {@code AveragePool} with a stride above 1, grouped by the resolution
 * transition they make (input and output size), so that parallel strided nodes, such as a residual block's
 * strided convolution and its strided shortcut, or the branches of an Inception reduction, share one phase. The
 * aggregated map is the input of the last global pooling ({@code GlobalAveragePool}, {@code GlobalMaxPool}, or
 * {@code ReduceMean} over the two spatial axes); the pools of squeeze-and-excitation blocks come before it.
 */
public final class SubsamplingLayerFinder {

    /** The input side measured with when the file leaves it open: ImageNet's evaluation crop. */
    public static final int DEFAULT_SIDE = 224;

    private static final Set<String> SUBSAMPLING = Set.of("Conv", "MaxPool", "AveragePool");
    private static final Set<String> GLOBAL_POOLS = Set.of("GlobalAveragePool", "GlobalMaxPool");

    private SubsamplingLayerFinder() {}

    /**
     * Finds the layers.
     *
     * @param model the model, with one float32 NCHW image input
     * @param side the input's height and width used to measure the resolutions; must equal the file's where the
     *     file fixes them
     * @return the layers, the aggregated map and the default searched layers
     * @throws OnnxFormatException if the graph has no global pooling, a strided node after it, a strided node
     *     this package cannot shift (not 2-D, unequal strides, padding chosen by {@code auto_pad}), or strided
     *     nodes of different strides at one transition
     */
    public static SubsamplingLayers find(OnnxModel model, int side) {
        checkInput(model, side);
        OnnxGraph graph = model.graph();
        OnnxNode pool = globalPool(model);
        List<OnnxNode> strided = graph.nodes().stream()
                .filter(n -> SUBSAMPLING.contains(n.opType()) && isStrided(n)).toList();
        List<String> probed = new ArrayList<>(List.of(pool.inputs().get(0)));
        for (OnnxNode node : strided) {
            if (node.index() > pool.index()) {
                throw new OnnxFormatException(model.file(), "strided node " + node.label()
                        + " comes after the global pooling " + pool.label() + "; expected every subsampling layer"
                        + " before it");
            }
            probed.add(node.inputs().get(0));
            probed.add(node.outputs().get(0));
        }
        Map<String, long[]> shapes = ShapeProbe.shapes(model, side, probed.stream().distinct().toList());

        Map<List<Resolution>, List<StridedNode>> transitions = new LinkedHashMap<>();
        for (OnnxNode node : strided) {
            Resolution in = Resolution.ofNchw(shapes.get(node.inputs().get(0)));
            Resolution out = Resolution.ofNchw(shapes.get(node.outputs().get(0)));
            transitions.computeIfAbsent(List.of(in, out), k -> new ArrayList<>()).add(stridedNode(model, node));
        }
        List<SubsamplingLayer> layers = new ArrayList<>();
        for (Map.Entry<List<Resolution>, List<StridedNode>> transition : transitions.entrySet()) {
            List<StridedNode> nodes = transition.getValue();
            int stride = nodes.get(0).stride();
            for (StridedNode node : nodes) {
                if (node.stride() != stride) {
                    throw new OnnxFormatException(model.file(), "nodes " + nodes.get(0).node() + " (stride "
                            + stride + ") and " + node.node() + " (stride " + node.stride() + ") make the same"
                            + " resolution transition " + transition.getKey().get(0) + " -> "
                            + transition.getKey().get(1) + " with different strides; expected one stride");
                }
            }
            layers.add(new SubsamplingLayer(layers.size(), stride, transition.getKey().get(0),
                    transition.getKey().get(1), nodes));
        }
        String aggregated = pool.inputs().get(0);
        return new SubsamplingLayers(layers, aggregated, Resolution.ofNchw(shapes.get(aggregated)));
    }

    /**
     * Returns the input side to measure with when the caller names none.
     *
     * @param model the model
     * @return the file's input height where it fixes height and width, else {@link #DEFAULT_SIDE}
     */
    public static int defaultSide(OnnxModel model) {
        List<ValueInfo> inputs = model.graph().inputs();
        List<Long> shape = inputs.isEmpty() ? List.of() : inputs.get(0).shape();
        return shape.size() == 4 && shape.get(2) != ValueInfo.DYNAMIC ? Math.toIntExact(shape.get(2)) : DEFAULT_SIDE;
    }

    private static void checkInput(OnnxModel model, int side) {
        List<ValueInfo> inputs = model.graph().inputs();
        if (inputs.size() != 1 || inputs.get(0).shape().size() != 4 || inputs.get(0).elementType() != OnnxSchema.FLOAT
                || inputs.get(0).shape().get(1) == ValueInfo.DYNAMIC) {
            throw new OnnxFormatException(model.file(), "inputs " + inputs + "; expected one float32 image input"
                    + " of shape (batch, channels, height, width) with a fixed channel count");
        }
        List<Long> shape = inputs.get(0).shape();
        for (int axis = 2; axis < 4; axis++) {
            if (shape.get(axis) != ValueInfo.DYNAMIC && shape.get(axis) != side) {
                throw new OnnxFormatException(model.file(), "input side " + side + " requested but the file fixes"
                        + " the input to " + shape.get(2) + "x" + shape.get(3));
            }
        }
    }

    private static OnnxNode globalPool(OnnxModel model) {
        List<OnnxNode> nodes = model.graph().nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            OnnxNode node = nodes.get(i);
            if (GLOBAL_POOLS.contains(node.opType()) || node.opType().equals("ReduceMean")
                    && Set.copyOf(node.intsAttribute("axes", List.of())).equals(Set.of(2L, 3L))) {
                return node;
            }
        }
        throw new OnnxFormatException(model.file(), "no global pooling found; expected a GlobalAveragePool,"
                + " GlobalMaxPool or ReduceMean over axes 2 and 3 between the feature map and the head");
    }

    private static boolean isStrided(OnnxNode node) {
        return node.intsAttribute("strides", List.of()).stream().anyMatch(s -> s > 1);
    }

    private static StridedNode stridedNode(OnnxModel model, OnnxNode node) {
        List<Long> strides = node.intsAttribute("strides", List.of());
        List<Long> kernel = node.intsAttribute("kernel_shape", List.of());
        String autoPad = node.stringAttribute("auto_pad", "NOTSET");
        String problem = null;
        if (strides.size() != 2 || kernel.size() != 2) {
            problem = "is not 2-D (strides " + strides + ", kernel_shape " + kernel + ")";
        } else if (!strides.get(0).equals(strides.get(1))) {
            problem = "has unequal strides " + strides;
        } else if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            problem = "chooses its padding with auto_pad = " + autoPad;
        }
        if (problem != null) {
            throw new OnnxFormatException(model.file(), "strided node " + node.label() + " (" + node.opType() + ") "
                    + problem + "; expected a 2-D window, one stride for both axes and explicit pads");
        }
        List<Long> pads = node.intsAttribute("pads", List.of(0L, 0L, 0L, 0L));
        return new StridedNode(node.label(), node.opType(), node.index(), node.inputs().get(0), kernel,
                Math.toIntExact(strides.get(0)), pads, node.intAttribute("ceil_mode", 0) == 1, fill(node));
    }

    private static PadFill fill(OnnxNode node) {
        return switch (node.opType()) {
            case "MaxPool" -> PadFill.MINUS_INFINITY;
            case "AveragePool" -> node.intAttribute("count_include_pad", 0) == 1 ? PadFill.ZERO : PadFill.EXCLUDED;
            default -> PadFill.ZERO;
        };
    }
}
