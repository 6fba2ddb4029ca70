package org.discardsearch.layer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A square 2-D convolution (NCHW, zero padding, no dilation) whose kept phase can be chosen when it is strided.
 * Its parameters are those of a stock convolution: {@code weight} (filters, in/groups, k, k) and, optionally,
 * {@code bias} (filters). Weights start Kaiming-normal with fan-out, as torchvision's ResNets do.
 */
public final class PhaseConv2d extends AbstractBlock implements PhaseSelectable, MacCounting {

    private static final byte VERSION = 1;

    private final int kernel;
    private final int filters;
    private final int stride;
    private final int padding;
    private final int groups;
    private final boolean bias;
    private final Parameter weightParameter;
    private final Parameter biasParameter;
    // Set by BatchNormFolding for inference; not parameters, never saved. Swapped as a whole: serving threads
    // read it while a reload may fold again.
    private volatile Folded folded;

    /** A batch norm folded into this convolution: its weight and bias, and the manager that owns them. */
    private record Folded(NDArray weight, NDArray bias, NDManager manager) {}

    private PhaseConv2d(Builder builder) {
        super(VERSION);
        kernel = builder.kernel;
        filters = builder.filters;
        stride = builder.stride;
        padding = builder.padding;
        groups = builder.groups;
        bias = builder.bias;
        weightParameter = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optInitializer(new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2))
                .build());
        biasParameter = bias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
                : null;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int stride() {
        return stride;
    }

    /**
     * Returns the kernel side k.
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
     * Returns the number of output channels.
     *
     * @return the filters
     */
    public int filters() {
        return filters;
    }

    /**
     * Returns the number of groups (the input channels for a depthwise convolution).
     *
     * @return the groups
     */
    public int groups() {
        return groups;
    }

    /**
     * Returns the weight parameter, (filters, in/groups, k, k).
     *
     * @return the weight
     */
    public Parameter weight() {
        return weightParameter;
    }

    /**
     * Returns the bias parameter, or null when the convolution has none.
     *
     * @return the bias or null
     */
    public Parameter bias() {
        return biasParameter;
    }

    /**
     * Returns whether a batch norm has been folded into this convolution for inference ({@link BatchNormFolding}).
     *
     * @return true when inference uses the folded weight and bias
     */
    public boolean isFolded() {
        return folded != null;
    }

    /** Sets (or, with nulls, drops) the folded weight and bias; the previous ones are closed. */
    void setFolded(NDArray weight, NDArray bias, NDManager manager) {
        Folded previous = folded;
        folded = weight == null ? null : new Folded(weight, bias, manager);
        if (previous != null) {
            previous.manager().close();
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(convolve(parameterStore, x, training, stride(), padding));
    }

    @Override
    public NDArray forwardPlan(ParameterStore parameterStore, NDArray input, PhasePlan plan) {
        if (plan.isStock(input.getShape().get(0))) {
            return convolve(parameterStore, input, false, stride, padding);
        }
        return convolveShifted(parameterStore, PhaseWindows.shifted(input, stride, padding, 0f, plan), padding);
    }

    /**
     * Applies the strided op, without padding, to rows already shifted for a plan at a padding at least this
     * layer's; the extra border is cropped first.
     *
     * @param parameterStore where the parameters are read from
     * @param shifted rows from {@link PhaseWindows#shifted}
     * @param shiftedPadding the padding they were shifted with, at least {@link #padding()}
     * @return the convolved rows
     */
    NDArray convolveShifted(ParameterStore parameterStore, NDArray shifted, int shiftedPadding) {
        int crop = shiftedPadding - padding;
        if (crop < 0) {
            throw new IllegalArgumentException("Input shifted with padding " + shiftedPadding + " for " + this);
        }
        Shape shape = shifted.getShape();
        NDArray x = crop == 0 ? shifted : shifted.get(new NDIndex().addAllDim(2)
                .addSliceDim(crop, shape.get(2) - crop).addSliceDim(crop, shape.get(3) - crop));
        return convolve(parameterStore, x, false, stride, 0);
    }

    private NDArray convolve(ParameterStore ps, NDArray x, boolean training, int s, int p) {
        Folded f = folded;
        if (!training && f != null) {
            return Conv2d.conv2d(x, f.weight(), f.bias(), new Shape(s, s), new Shape(p, p), new Shape(1, 1), groups)
                    .singletonOrThrow();
        }
        NDArray w = ps.getValue(weightParameter, x.getDevice(), training);
        NDArray b = biasParameter == null ? null : ps.getValue(biasParameter, x.getDevice(), training);
        return Conv2d.conv2d(x, w, b, new Shape(s, s), new Shape(p, p), new Shape(1, 1), groups).singletonOrThrow();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long in = inputShapes[0].get(1);
        if (in % groups != 0) {
            throw new IllegalArgumentException(
                    "Input channels " + in + " are not divisible by groups " + groups + " in " + this);
        }
        weightParameter.setShape(new Shape(filters, in / groups, kernel, kernel));
        if (biasParameter != null) {
            biasParameter.setShape(new Shape(filters));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters,
                PhaseWindows.outputSide(in.get(2), kernel, stride, padding),
                PhaseWindows.outputSide(in.get(3), kernel, stride, padding))};
    }

    @Override
    public long macs(Shape inputShape) {
        Shape out = getOutputShapes(new Shape[] {inputShape})[0];
        return out.size() * (inputShape.get(1) / groups) * kernel * kernel;
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(PhaseConv2d.class, loadVersion, VERSION);
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "PhaseConv2d(k=" + kernel + ", filters=" + filters + ", stride=" + stride + ", padding=" + padding
                + (groups > 1 ? ", groups=" + groups : "") + ")";
    }

    /** Builds a {@link PhaseConv2d}; {@code set*} values are required, {@code opt*} ones optional. */
    public static final class Builder {
        private int kernel;
        private int filters;
        private int stride = 1;
        private int padding;
        private int groups = 1;
        private boolean bias;

        private Builder() {}

        /**
         * Sets the square kernel side.
         *
         * @param kernel k ≥ 1
         * @return this builder
         */
        public Builder setKernel(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the number of output channels.
         *
         * @param filters ≥ 1
         * @return this builder
         */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /**
         * Sets the stride (default 1).
         *
         * @param stride ≥ 1
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the symmetric zero padding (default 0).
         *
         * @param padding ≥ 0
         * @return this builder
         */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Sets the number of groups (default 1).
         *
         * @param groups ≥ 1, dividing the input and output channels
         * @return this builder
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets whether the convolution has a bias (default false, as before a batch norm).
         *
         * @param bias whether to add a bias
         * @return this builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Validates the settings and builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public PhaseConv2d build() {
            require(kernel >= 1, "kernel", kernel, ">= 1");
            require(filters >= 1, "filters", filters, ">= 1");
            require(stride >= 1, "stride", stride, ">= 1");
            require(padding >= 0, "padding", padding, ">= 0");
            require(groups >= 1 && filters % groups == 0, "groups", groups, ">= 1 and dividing filters=" + filters);
            return new PhaseConv2d(this);
        }
    }

    static void require(boolean ok, String setting, int value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "Invalid value '" + value + "' for " + setting + "; allowed: " + allowed);
        }
    }
}
