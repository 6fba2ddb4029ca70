package org.discardsearch.layer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Shared shape and phase handling of the square, parameter-free pooling layers. Subclasses supply the stock op
 * (stride R, padding p) and the op on already shifted and padded inputs (stride R, padding 0).
 */
abstract class WindowPool2d extends AbstractBlock implements PhaseSelectable {

    private static final byte VERSION = 1;

    private final int kernel;
    private final int stride;
    private final int padding;

    WindowPool2d(int kernel, int stride, int padding) {
        super(VERSION);
        PhaseConv2d.require(kernel >= 1, "kernel", kernel, ">= 1");
        PhaseConv2d.require(stride >= 1, "stride", stride, ">= 1");
        PhaseConv2d.require(padding >= 0 && 2 * padding <= kernel, "padding", padding, "in [0, kernel/2]");
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public int stride() {
        return stride;
    }

    /**
     * Returns the square window side k.
     *
     * @return the kernel side
     */
    public int kernel() {
        return kernel;
    }

    /**
     * Returns the symmetric padding p.
     *
     * @return the padding
     */
    public int padding() {
        return padding;
    }

    /**
     * Applies the stock op.
     *
     * @param x (N, C, H, W)
     * @param training whether gradients will flow back through the result (it may choose another kernel)
     * @return the pooled maps
     */
    abstract NDArray pool(NDArray x, boolean training);

    /**
     * Applies the op to inputs that were already shifted and padded by {@link PhaseWindows#shifted}.
     *
     * @param original the unshifted input (N, C, H, W), for ops that need to know which cells are real
     * @param plan the rows to produce
     * @return the pooled maps (plan.size(), C, H', W')
     */
    abstract NDArray poolPlan(NDArray original, PhasePlan plan);

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(pool(inputs.singletonOrThrow(), training));
    }

    @Override
    public NDArray forwardPlan(ParameterStore parameterStore, NDArray input, PhasePlan plan) {
        return plan.isStock(input.getShape().get(0)) ? pool(input, false) : poolPlan(input, plan);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1),
                PhaseWindows.outputSide(in.get(2), kernel, stride, padding),
                PhaseWindows.outputSide(in.get(3), kernel, stride, padding))};
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(getClass(), loadVersion, VERSION);
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(k=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
    }
}
