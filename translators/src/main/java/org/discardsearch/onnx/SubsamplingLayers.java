package org.discardsearch.onnx;

import java.util.List;
import java.util.stream.IntStream;

/**
 * What the search needs to know about an imported classifier: its subsampling layers, shallowest first, the map
 * it aggregates (the global pooling's input; everything after it is the head) and the layers searched by
 * default, every layer but the first and the last.
 *
 * @param layers the subsampling layers, numbered from 0 in graph order
 * @param aggregatedMap the tensor the global pooling reads
 * @param aggregatedResolution that tensor's resolution
 */
public record SubsamplingLayers(List<SubsamplingLayer> layers, String aggregatedMap,
        Resolution aggregatedResolution) {

    /** Validates and copies. */
    public SubsamplingLayers {
        layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).index() != i) {
                throw new IllegalArgumentException("layer at position " + i + " has index " + layers.get(i).index());
            }
        }
    }

    /**
     * Returns the layers searched by default: all but the first and the last (the stem, and the layer nearest
     * the head), as the built-in architectures do (§2.2).
     *
     * @return consecutive layer indices; empty with fewer than three layers
     */
    public List<Integer> defaultSearched() {
        return IntStream.range(1, Math.max(1, layers.size() - 1)).boxed().toList();
    }
}
