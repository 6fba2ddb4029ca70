package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * A square max-pool whose kept phase can be chosen; padded and appended cells read −inf.
 *
 * <p>One image, and training, run libtorch's max-pool kernel. Inference batches, and every shifted plan, take
 * the window maximum as k strided slices along the width and then k along the height: the same numbers (a
 * maximum is exact), but libtorch 2.7.1's CPU kernel slows down sharply past a few images (16 × 16 × 28 × 28 on
 * one thread: 1.8 ms against 0.4 ms for the slices), while for one image the slices' extra ops cost more than
 * they save. Training keeps the kernel: its backward pass scatters through the saved argmax, where each slice's
 * backward fills a zeroed input-sized gradient (at batch 128 the slices took 40% of a training step).
 */
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
    NDArray pool(NDArray x, boolean training) {
        if (training || x.getShape().get(0) == 1) {
            return Pool.maxPool2d(x, square(kernel()), square(stride()), square(padding()), false);
        }
        int p = padding();
        return windowMaximum(x.pad(new Shape(p, p, p, p), Float.NEGATIVE_INFINITY));
    }

    @Override
    NDArray poolPlan(NDArray original, PhasePlan plan) {
        return windowMaximum(PhaseWindows.shifted(original, stride(), padding(), Float.NEGATIVE_INFINITY, plan));
    }

    /** Max over every k×k window at the stride of an already padded input: width first, then height. */
    private NDArray windowMaximum(NDArray padded) {
        NDArray columns = stridedMaximum(padded, 3);
        return stridedMaximum(columns, 2);
    }

    /** Max over the k cells of each window along one axis (2 = height, 3 = width), stepping by the stride. */
    private NDArray stridedMaximum(NDArray x, int axis) {
        long outputs = PhaseWindows.outputSide(x.getShape().get(axis), kernel(), stride(), 0);
        String prefix = axis == 3 ? ":, :, :, " : ":, :, ";
        NDArray maximum = null;
        for (int offset = 0; offset < kernel(); offset++) {
            NDArray taps = x.get(new NDIndex(prefix + "{}:{}:{}", offset, offset + stride() * (outputs - 1) + 1,
                    stride()));
            maximum = maximum == null ? taps : maximum.maximum(taps);
        }
        return maximum;
    }

    static Shape square(int side) {
        return new Shape(side, side);
    }
}
