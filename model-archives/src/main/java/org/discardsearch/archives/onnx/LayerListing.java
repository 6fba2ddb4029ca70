package org.discardsearch.archives.onnx;

import java.util.List;
import java.util.Locale;
import org.discardsearch.onnx.StridedNode;
import org.discardsearch.onnx.SubsamplingLayer;
import org.discardsearch.onnx.SubsamplingLayers;

/**
 * The table {@code --list-layers} prints: one row per subsampling layer (its index, stride, phases, resolution
 * transition and whether it is searched by default), one indented line per strided node, and the aggregated map.
 */
public final class LayerListing {

    private LayerListing() {}

    /**
     * Renders the layers.
     *
     * @param layers the layers found in the graph
     * @return lines of text, ending with a line break
     */
    public static String render(SubsamplingLayers layers) {
        List<Integer> searched = layers.defaultSearched();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-5s %-6s %-6s %-22s %s%n",
                "layer", "stride", "phases", "resolution", "searched by default"));
        for (SubsamplingLayer layer : layers.layers()) {
            text.append(String.format(Locale.ROOT, "%-5d %-6d %-6d %-22s %s%n", layer.index(), layer.stride(),
                    layer.phases(), layer.input() + " -> " + layer.output(),
                    searched.contains(layer.index()) ? "yes" : "no"));
            for (StridedNode node : layer.nodes()) {
                text.append(String.format(Locale.ROOT, "      %s %s, kernel %dx%d, pads %s%s, reads %s%n",
                        node.opType(), node.node(), node.kernel().get(0), node.kernel().get(1), node.pads(),
                        node.ceilMode() ? ", ceil_mode" : "", node.input()));
            }
        }
        text.append(String.format(Locale.ROOT, "aggregated map: %s (%s), the global pooling's input%n",
                layers.aggregatedMap(), layers.aggregatedResolution()));
        return text.toString();
    }
}
