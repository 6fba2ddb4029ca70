package org.discardsearch.layer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Blocks run one after the other, with at most one subsampling step among them. Running it with phases runs
 * the blocks before that step at batch N, the step with the phases, and the rest at batch N·k; so a stem
 * (conv, norm, activation) or a MobileNetV2 stride-2 inverted residual is one phase-selectable layer.
 */
public final class PhaseSequential extends AbstractBlock implements PhaseSelectable, MacCounting {

    private static final byte VERSION = 1;

    private final List<Block> blocks;
    private final int subsamplingIndex;

    /**
     * Creates the sequence.
     *
     * @param blocks the blocks in order; at most one of them may be a {@link PhaseSelectable} with stride > 1
     * @throws IllegalArgumentException if two blocks subsample
     */
    public PhaseSequential(List<? extends Block> blocks) {
        super(VERSION);
        int found = -1;
        List<Block> added = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block instanceof PhaseSelectable selectable && selectable.stride() > 1) {
                if (found >= 0) {
                    throw new IllegalArgumentException("A PhaseSequential holds at most one subsampling block; "
                            + "found " + blocks.get(found) + " and " + block);
                }
                found = i;
            }
            added.add(addChildBlock(block.getClass().getSimpleName(), block));
        }
        this.blocks = Collections.unmodifiableList(added);
        this.subsamplingIndex = found;
    }

    /**
     * Creates the sequence from blocks given in order.
     *
     * @param blocks the blocks
     * @return the sequence
     */
    public static PhaseSequential of(Block... blocks) {
        return new PhaseSequential(List.of(blocks));
    }

    /**
     * Returns the blocks in order.
     *
     * @return an unmodifiable list
     */
    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public int stride() {
        return subsamplingIndex < 0 ? 1 : ((PhaseSelectable) blocks.get(subsamplingIndex)).stride();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = inputs;
        for (int i = 0; i < blocks.size(); i++) {
            if (!training && i > 0 && BatchNormFolding.foldedAway(blocks.get(i - 1), blocks.get(i))) {
                continue;
            }
            current = blocks.get(i).forward(parameterStore, current, training, params);
        }
        return current;
    }

    @Override
    public NDArray forwardPlan(ParameterStore parameterStore, NDArray input, PhasePlan plan) {
        if (subsamplingIndex < 0) {
            throw new IllegalStateException("No subsampling block in " + this + "; it has no phases to choose");
        }
        NDList current = new NDList(input);
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (i > 0 && BatchNormFolding.foldedAway(blocks.get(i - 1), block)) {
                continue;
            }
            current = i == subsamplingIndex
                    ? new NDList(((PhaseSelectable) block).forwardPlan(
                            parameterStore, current.singletonOrThrow(), plan))
                    : block.forward(parameterStore, current, false);
        }
        return current.singletonOrThrow();
    }

    /**
     * Returns the subsampling convolution when it is the first block, so that a caller may shift its input
     * once for several such sequences ({@link #forwardShifted}).
     *
     * @return the leading strided convolution, or empty
     */
    Optional<PhaseConv2d> leadingConv() {
        return subsamplingIndex == 0 && blocks.get(0) instanceof PhaseConv2d conv
                ? Optional.of(conv) : Optional.empty();
    }

    /**
     * Runs the sequence on input already shifted for a plan ({@link PhaseWindows#shifted}) at a padding at least
     * the leading convolution's; only for sequences with a {@link #leadingConv()}.
     *
     * @param parameterStore where the parameters are read from
     * @param shifted the plan's shifted input rows
     * @param padding the padding they were shifted with
     * @return activations, one row per shifted row
     */
    NDArray forwardShifted(ParameterStore parameterStore, NDArray shifted, int padding) {
        PhaseConv2d conv = leadingConv().orElseThrow(
                () -> new IllegalStateException("No leading subsampling convolution in " + this));
        NDList current = new NDList(conv.convolveShifted(parameterStore, shifted, padding));
        for (int i = 1; i < blocks.size(); i++) {
            if (!BatchNormFolding.foldedAway(blocks.get(i - 1), blocks.get(i))) {
                current = blocks.get(i).forward(parameterStore, current, false);
            }
        }
        return current.singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : blocks) {
            shapes = block.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    public long macs(Shape inputShape) {
        long total = 0;
        Shape[] shapes = {inputShape};
        for (Block block : blocks) {
            total += MacCount.of(block, shapes[0]);
            shapes = block.getOutputShapes(shapes);
        }
        return total;
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(PhaseSequential.class, loadVersion, VERSION);
        readInputShapes(is);
    }
}
