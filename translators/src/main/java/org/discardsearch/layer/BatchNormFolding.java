package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.List;

/**
 * Folds each batch norm into the convolution before it, for inference: {@code bn(conv(x, W))} is
 * {@code conv(x, W·s) + (β − μ·s)} per output channel, with {@code s = γ / sqrt(σ² + ε)} from the running
 * statistics. The folded weight and bias are computed once, from the parameters as they are then, and held by
 * the {@link PhaseConv2d} outside its parameters (nothing is saved); at inference the convolution uses them and
 * its container skips the batch norm ({@link #foldedAway}). Training never uses them: a convolution in training
 * mode reads its parameters, and no batch norm is skipped.
 */
public final class BatchNormFolding {

    /** The batch norms' epsilon (PyTorch's default), which the fold needs and DJL's block does not expose. */
    public static final float EPSILON = 1e-5f;

    private BatchNormFolding() {}

    /**
     * Folds every batch norm that directly follows a {@link PhaseConv2d} among a block's children, at any depth,
     * replacing any earlier fold. The parameters must be initialised or loaded.
     *
     * @param root the network
     * @return the number of convolutions folded
     */
    public static int fold(Block root) {
        int folded = 0;
        List<Block> children = root.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            if (child instanceof PhaseConv2d conv && i + 1 < children.size()
                    && children.get(i + 1) instanceof BatchNorm norm) {
                fold(conv, norm);
                folded++;
            } else {
                folded += fold(child);
            }
        }
        return folded;
    }

    /**
     * Drops every fold under a block, closing the folded arrays: inference runs the batch norms again.
     *
     * @param root the network
     */
    public static void unfold(Block root) {
        for (Block child : root.getChildren().values()) {
            if (child instanceof PhaseConv2d conv) {
                conv.setFolded(null, null, null);
            } else {
                unfold(child);
            }
        }
    }

    /**
     * Returns whether any convolution under a block holds a fold.
     *
     * @param root the network
     * @return true when at least one is folded
     */
    public static boolean anyFolded(Block root) {
        for (Block child : root.getChildren().values()) {
            if (child instanceof PhaseConv2d conv ? conv.isFolded() : anyFolded(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether a block is a batch norm already applied, at inference, by the folded convolution before it
     * in the same container; the container then skips it.
     *
     * @param previous the block before, in the container's order
     * @param block the block
     * @return true to skip {@code block} at inference
     */
    public static boolean foldedAway(Block previous, Block block) {
        return block instanceof BatchNorm && previous instanceof PhaseConv2d conv && conv.isFolded();
    }

    private static void fold(PhaseConv2d conv, BatchNorm norm) {
        NDArray weight = conv.weight().getArray();
        NDManager kept = weight.getManager().newSubManager();
        try (NDManager scope = weight.getManager().newSubManager()) {
            NDArray gamma = parameter(norm, "gamma");
            NDArray beta = parameter(norm, "beta");
            NDArray mean = parameter(norm, "runningMean");
            NDArray variance = parameter(norm, "runningVar");
            for (NDArray array : List.of(weight, gamma, beta, mean, variance)) {
                array.tempAttach(scope);
            }
            NDArray scale = gamma.div(variance.add(EPSILON).sqrt());
            NDArray foldedWeight = weight.mul(scale.reshape(scale.getShape().get(0), 1, 1, 1));
            NDArray foldedBias = beta.sub(mean.mul(scale));
            if (conv.bias() != null) {
                NDArray bias = conv.bias().getArray();
                bias.tempAttach(scope);
                foldedBias = foldedBias.add(bias.mul(scale));
            }
            foldedWeight.attach(kept);
            foldedBias.attach(kept);
            conv.setFolded(foldedWeight, foldedBias, kept);
        }
    }

    private static NDArray parameter(BatchNorm norm, String name) {
        for (Pair<String, ai.djl.nn.Parameter> parameter : norm.getParameters()) {
            if (parameter.getKey().equals(name)) {
                return parameter.getValue().getArray();
            }
        }
        throw new IllegalStateException("Batch norm " + norm + " has no parameter '" + name + "'");
    }
}
