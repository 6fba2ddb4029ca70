package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.pooling.Pool;

/**
 * A square average pool whose kept phase can be chosen. Each output divides by the number of window cells that
 * lie inside the input, so padded and appended cells never count (PyTorch's {@code count_include_pad=False}).
 * DJL 0.36's PyTorch {@code avgPool2d} counts padded cells whatever its flag says, so the division is done
 * here: window means of the input over window means of a mask of real cells.
 */
public final class PhaseAvgPool2d extends WindowPool2d {

    /**
     * Creates the layer.
     *
     * @param kernel the window side k
     * @param stride the stride R
     * @param padding the symmetric padding p, at most k/2
     */
    public PhaseAvgPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    NDArray pool(NDArray x, boolean training) {
        return validMean(windowMeans(x, padding()), windowMeans(realCells(x), padding()));
    }

    @Override
    NDArray poolPlan(NDArray original, PhasePlan plan) {
        NDArray sums = windowMeans(PhaseWindows.shifted(original, stride(), padding(), 0f, plan), 0);
        NDArray valid = windowMeans(PhaseWindows.shifted(realCells(original), stride(), padding(), 0f, plan), 0);
        return validMean(sums, valid);
    }

    private static NDArray realCells(NDArray x) {
        return x.get(":, :1").onesLike();
    }

    private static NDArray validMean(NDArray means, NDArray validFraction) {
        // A window with no real cell (possible only over appended cells) reads 0.
        NDArray any = validFraction.gt(0f).toType(means.getDataType(), false);
        return means.div(validFraction.maximum(Float.MIN_NORMAL)).mul(any);
    }

    private NDArray windowMeans(NDArray x, int pad) {
        return Pool.avgPool2d(x, PhaseMaxPool2d.square(kernel()), PhaseMaxPool2d.square(stride()),
                PhaseMaxPool2d.square(pad), false, true);
    }
}
