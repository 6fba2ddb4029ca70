package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** A square max-pool whose kept phase can be chosen; padded and appended cells read −inf. */
public final class PhaseMaxPool2d extends WindowPool2d {

    /**
     * Creates the layer.
     *
     * @param kernel the window side k
     * @param stride the stride R
     * @param padding the symmetric padding p, at most k/2
     */
    public PhaseMaxPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    NDArray pool(NDArray x) {
        return Pool.maxPool2d(x, square(kernel()), square(stride()), square(padding()), false);
    }

    @Override
    NDArray poolPhases(NDArray original, List<Phase> phases) {
        NDArray shifted = PhaseWindows.shifted(original, stride(), padding(), Float.NEGATIVE_INFINITY, phases);
        return Pool.maxPool2d(shifted, square(kernel()), square(stride()), square(0), false);
    }

    static Shape square(int side) {
        return new Shape(side, side);
    }
}
