package org.discardsearch.layer;

import ai.djl.ndarray.types.Shape;

/**
 * A block that can count the multiply-accumulates of one forward pass at its default phase. Only convolutions
 * and fully connected layers are counted, the usual convention for reporting network cost.
 */
public interface MacCounting {

    /**
     * Returns the multiply-accumulates for the given input shape, batch included.
     *
     * @param inputShape (N, C, H, W)
     * @return the MAC count
     */
    long macs(Shape inputShape);
}
