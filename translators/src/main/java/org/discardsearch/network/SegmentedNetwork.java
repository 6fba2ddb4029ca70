package org.discardsearch.network;

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
import org.discardsearch.head.ClassifierHead;
import org.discardsearch.layer.BatchNormFolding;
import org.discardsearch.layer.BlockFormat;
import org.discardsearch.layer.MacCount;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhasePlan;
import org.discardsearch.layer.PhaseSelectable;

/**
 * A classifier as a flat sequence of units followed by its head. Some units are subsampling layers
 * ({@link PhaseSelectable} with stride > 1), numbered 0, 1, … in order as in docs/algorithm.md §2.2; the
 * network can run any range of units, choosing the phases of the first one, so a search can resume from the
 * input of a searched layer.
 *
 * <p>As a DJL block, {@code forward} is the plain network: images (N, C, H, W) to logits (N, K), in training or
 * inference. The parameter file lists the units, then the head, in order.
 */
public final class SegmentedNetwork extends AbstractBlock implements SearchableNetwork {

    private static final byte VERSION = 1;

    private final String architecture;
    private final List<Block> units;
    private final List<Integer> subsamplingUnits;
    private final List<Integer> defaultSearchedLayers;
    private final ClassifierHead head;
    private volatile boolean folded;

    /**
     * Creates the network.
     *
     * @param architecture the architecture's name, for messages
     * @param units the body's units in order
     * @param head the classifier head
     * @param defaultSearchedLayers the subsampling layers searched by default (consecutive indices)
     */
    public SegmentedNetwork(
            String architecture, List<? extends Block> units, ClassifierHead head, List<Integer> defaultSearchedLayers) {
        super(VERSION);
        this.architecture = architecture;
        List<Block> added = new ArrayList<>(units.size());
        List<Integer> subsampling = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Block unit = units.get(i);
            if (unit instanceof PhaseSelectable selectable && selectable.stride() > 1) {
                subsampling.add(i);
            }
            added.add(addChildBlock(unit.getClass().getSimpleName(), unit));
        }
        this.units = Collections.unmodifiableList(added);
        this.subsamplingUnits = List.copyOf(subsampling);
        this.head = addChildBlock("head", head);
        this.defaultSearchedLayers = List.copyOf(defaultSearchedLayers);
        validateSearchedLayers(this.defaultSearchedLayers);
    }

    /**
     * Folds every batch norm into the convolution before it, for inference, from the parameters as they are now
     * ({@link BatchNormFolding}); loading parameters does this by itself. Training forwards are unaffected and
     * drop the fold.
     *
     * @return the number of convolutions folded
     */
    public int foldBatchNorm() {
        int count = BatchNormFolding.fold(this);
        folded = count > 0;
        return count;
    }

    /** Drops the fold: inference runs every batch norm again, as training does. */
    public void unfoldBatchNorm() {
        BatchNormFolding.unfold(this);
        folded = false;
    }

    /**
     * Returns whether inference runs with the batch norms folded.
     *
     * @return true after {@link #foldBatchNorm()} or a load, until a training forward or {@link #unfoldBatchNorm()}
     */
    public boolean isBatchNormFolded() {
        return folded;
    }

    /** Loads the parameters, then folds the batch norms for inference (docs/performance.md, Core). */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        foldBatchNorm();
    }

    @Override
    public String architecture() {
        return architecture;
    }

    /**
     * Returns the body's units in order.
     *
     * @return an unmodifiable list
     */
    public List<Block> units() {
        return units;
    }

    /**
     * Returns the classifier head.
     *
     * @return the head
     */
    public ClassifierHead head() {
        return head;
    }

    /**
     * Returns the number of subsampling layers.
     *
     * @return the count (5 for ResNet-18/50 and MobileNetV2)
     */
    @Override
    public int subsamplingLayerCount() {
        return subsamplingUnits.size();
    }

    @Override
    public int unitOfLayer(int layer) {
        return subsamplingUnits.get(layer);
    }

    @Override
    public int unitCount() {
        return units.size();
    }

    @Override
    public int stride(int layer) {
        return subsamplingLayer(layer).stride();
    }

    /**
     * Returns a subsampling layer.
     *
     * @param layer the subsampling layer's index
     * @return the layer
     */
    public PhaseSelectable subsamplingLayer(int layer) {
        return (PhaseSelectable) units.get(unitOfLayer(layer));
    }

    /**
     * Returns the subsampling layers searched by default (the middle ones, docs/algorithm.md §2.2).
     *
     * @return consecutive indices
     */
    @Override
    public List<Integer> defaultSearchedLayers() {
        return defaultSearchedLayers;
    }

    @Override
    public NDArray runUnits(ParameterStore parameterStore, NDArray input, int from, int to, PhasePlan plan) {
        NDManager owner = input.getManager();
        NDArray current = input;
        for (int i = from; i < to; i++) {
            Block unit = units.get(i);
            // A range starts at a subsampling unit, never at a batch norm, so a folded convolution and its batch
            // norm are always in the same range.
            if (i > from && BatchNormFolding.foldedAway(units.get(i - 1), unit)) {
                continue;
            }
            // A unit's intermediates, and the output of the unit before, go with its scope: peak memory is one
            // unit's work, not the whole range's.
            try (NDManager scope = owner.newSubManager()) {
                if (current == input) {
                    current.tempAttach(scope);
                } else {
                    current.attach(scope);
                }
                if (i == from && !plan.isStock(input.getShape().get(0))) {
                    current = ((PhaseSelectable) unit).forwardPlan(parameterStore, current, plan);
                } else {
                    current = unit.forward(parameterStore, new NDList(current), false).singletonOrThrow();
                }
                current.attach(owner);
            }
        }
        return current;
    }

    /**
     * Runs units [from, to) at their default phases, at inference.
     *
     * @param parameterStore where the parameters are read from
     * @param input the input of unit {@code from}
     * @param from the first unit
     * @param to one past the last unit
     * @return the input of unit {@code to}, attached to the input's manager (intermediates closed)
     */
    public NDArray runUnits(ParameterStore parameterStore, NDArray input, int from, int to) {
        int rows = Math.toIntExact(input.getShape().get(0));
        return runUnits(parameterStore, input, from, to, PhasePlan.everyPhase(rows, List.of(Phase.ORIGIN)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training && folded) {
            // Training changes the parameters the fold was computed from: drop it rather than keep stale weights.
            unfoldBatchNorm();
        }
        NDList current = inputs;
        for (int i = 0; i < units.size(); i++) {
            if (!training && i > 0 && BatchNormFolding.foldedAway(units.get(i - 1), units.get(i))) {
                continue;
            }
            current = units.get(i).forward(parameterStore, current, training, params);
        }
        return head.forward(parameterStore, current, training, params);
    }

    /**
     * Returns the input shape of every unit, and the final map's shape last.
     *
     * @param imageShape (N, C, H, W)
     * @return {@code units().size() + 1} shapes
     */
    public List<Shape> unitInputShapes(Shape imageShape) {
        List<Shape> shapes = new ArrayList<>(units.size() + 1);
        Shape[] current = {imageShape};
        shapes.add(imageShape);
        for (Block unit : units) {
            current = unit.getOutputShapes(current);
            shapes.add(current[0]);
        }
        return shapes;
    }

    @Override
    public long[] unitMacs(Shape imageShape) {
        List<Shape> shapes = unitInputShapes(imageShape);
        long[] macs = new long[units.size()];
        for (int i = 0; i < units.size(); i++) {
            macs[i] = MacCount.of(units.get(i), shapes.get(i));
        }
        return macs;
    }

    @Override
    public int classes() {
        return head.classes();
    }

    @Override
    public NDArray classify(ParameterStore parameterStore, NDArray maps) {
        return head.classify(parameterStore, maps);
    }

    @Override
    public long headMacs(Shape imageShape) {
        Shape map = unitInputShapes(imageShape).get(units.size());
        return map.get(1) * head.classes();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block unit : units) {
            unit.initialize(manager, dataType, shapes);
            shapes = unit.getOutputShapes(shapes);
        }
        head.initialize(manager, dataType, shapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape map = unitInputShapes(inputShapes[0]).get(units.size());
        return head.getOutputShapes(new Shape[] {map});
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(SegmentedNetwork.class, loadVersion, VERSION);
        readInputShapes(is);
    }

    @Override
    public String toString() {
        return "SegmentedNetwork(" + architecture + ", " + units.size() + " units, subsampling layers at units "
                + subsamplingUnits + ", searched by default " + defaultSearchedLayers + ")";
    }
}
