package org.discardsearch.layer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * A residual block, {@code act(main(x) + shortcut(x))}. When it subsamples, the strided step of the main branch
 * and the strided projection of the shortcut always keep the same phase, so the two sums stay aligned
 * (docs/algorithm.md §2.1, ResNet's BasicBlock and Bottleneck).
 */
public final class SharedPhaseResidual extends AbstractBlock implements PhaseSelectable, MacCounting {

    private static final byte VERSION = 1;

    private final PhaseSequential main;
    private final PhaseSequential shortcut;
    private final boolean reluAfterSum;

    /**
     * Creates the block.
     *
     * @param main the main branch
     * @param shortcut the projection shortcut, or null for the identity
     * @param reluAfterSum whether a ReLU follows the sum (ResNet: yes; MobileNetV2: no)
     * @throws IllegalArgumentException if the branches' strides differ
     */
    public SharedPhaseResidual(PhaseSequential main, PhaseSequential shortcut, boolean reluAfterSum) {
        super(VERSION);
        int shortcutStride = shortcut == null ? 1 : shortcut.stride();
        if (main.stride() != shortcutStride) {
            throw new IllegalArgumentException("Residual branches must subsample alike: main stride "
                    + main.stride() + ", shortcut stride " + shortcutStride);
        }
        this.main = addChildBlock("main", main);
        this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
        this.reluAfterSum = reluAfterSum;
    }

    @Override
    public int stride() {
        return main.stride();
    }

    /**
     * Returns the main branch.
     *
     * @return the main branch
     */
    public PhaseSequential main() {
        return main;
    }

    /**
     * Returns the projection shortcut, or null for the identity.
     *
     * @return the shortcut or null
     */
    public PhaseSequential shortcut() {
        return shortcut;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray left = main.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray right = shortcut == null ? x : shortcut.forward(parameterStore, inputs, training, params).head();
        return new NDList(join(left, right));
    }

    @Override
    public NDArray forwardPlan(ParameterStore parameterStore, NDArray input, PhasePlan plan) {
        if (stride() == 1) {
            throw new IllegalStateException("This residual block does not subsample; it has no phases to choose");
        }
        Optional<PhaseConv2d> mainConv = main.leadingConv();
        Optional<PhaseConv2d> shortcutConv = shortcut.leadingConv();
        if (plan.isStock(input.getShape().get(0)) || mainConv.isEmpty() || shortcutConv.isEmpty()) {
            return join(main.forwardPlan(parameterStore, input, plan),
                    shortcut.forwardPlan(parameterStore, input, plan));
        }
        // Both branches start with their strided conv (ResNet's basic block): shift once, at the larger padding.
        int padding = Math.max(mainConv.get().padding(), shortcutConv.get().padding());
        NDArray shifted = PhaseWindows.shifted(input, stride(), padding, 0f, plan);
        return join(main.forwardShifted(parameterStore, shifted, padding),
                shortcut.forwardShifted(parameterStore, shifted, padding));
    }

    private NDArray join(NDArray left, NDArray right) {
        NDArray sum = left.add(right);
        // relu, not maximum(0): a scalar operand would be one more tensor made per block.
        return reluAfterSum ? Activation.relu(sum) : sum;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return main.getOutputShapes(inputShapes);
    }

    @Override
    public long macs(Shape inputShape) {
        return main.macs(inputShape) + (shortcut == null ? 0 : shortcut.macs(inputShape));
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(SharedPhaseResidual.class, loadVersion, VERSION);
        readInputShapes(is);
    }
}
