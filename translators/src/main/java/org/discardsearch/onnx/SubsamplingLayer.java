package org.discardsearch.onnx;

import java.util.List;

/**
 * One subsampling layer of an imported graph: the strided nodes at one resolution transition, which share one
 * phase, as a residual block's main branch and its shortcut do (§2.1). A stride of R gives R² phases.
 *
 * @param index the layer's number, 0 for the shallowest
 * @param stride R, the stride of every node
 * @param input the resolution the nodes read
 * @param output the resolution they write
 * @param nodes the nodes, in graph order
 */
public record SubsamplingLayer(int index, int stride, Resolution input, Resolution output, List<StridedNode> nodes) {

    /** Validates and copies. */
    public SubsamplingLayer {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("layer " + index + " has no nodes");
        }
    }

    /**
     * Returns the number of phases, R².
     *
     * @return stride × stride
     */
    public int phases() {
        return stride * stride;
    }
}
