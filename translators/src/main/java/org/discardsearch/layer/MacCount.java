package org.discardsearch.layer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;

/** Counts the multiply-accumulates of any block of ours or of DJL's fully connected layer. */
public final class MacCount {

    private MacCount() {}

    /**
     * Returns the multiply-accumulates of one default forward pass of the block.
     *
     * @param block the block; blocks that neither count themselves nor are {@link Linear} count as 0
     *     (normalisation, activations, pooling)
     * @param inputShape the input shape, batch included
     * @return the MAC count
     */
    public static long of(Block block, Shape inputShape) {
        if (block instanceof MacCounting counting) {
            return counting.macs(inputShape);
        }
        if (block instanceof Linear) {
            Shape out = block.getOutputShapes(new Shape[] {inputShape})[0];
            return out.size() * inputShape.get(inputShape.dimension() - 1);
        }
        return 0;
    }
}
