package org.discardsearch.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhasePlan;

/**
 * What the search needs of a classifier: a sequence of units cut before its subsampling layers (numbered 0, 1,
 * … in order, docs/algorithm.md §2.2), that runs any range of units with the phases of the first one chosen per
 * row, and a head from the final pre-pool map to the logits. As a DJL block, {@code forward} is the plain
 * network. The built-in {@link SegmentedNetwork} is one; an imported ONNX graph is the other.
 */
public interface SearchableNetwork extends Block {

    /**
     * Returns the architecture's name, for messages.
     *
     * @return e.g. {@code resnet18}
     */
    String architecture();

    /**
     * Returns the number of units.
     *
     * @return the count; running units [0, count) gives the final pre-pool map
     */
    int unitCount();

    /**
     * Returns the number of subsampling layers.
     *
     * @return the count
     */
    int subsamplingLayerCount();

    /**
     * Returns the unit that starts with a subsampling layer.
     *
     * @param layer the subsampling layer's index
     * @return the unit index
     */
    int unitOfLayer(int layer);

    /**
     * Returns the stride of a subsampling layer.
     *
     * @param layer the subsampling layer's index
     * @return R, which gives R² phases
     */
    int stride(int layer);

    /**
     * Returns the subsampling layers searched by default.
     *
     * @return consecutive indices
     */
    List<Integer> defaultSearchedLayers();

    /**
     * Checks that a set of searched layers exists in this network and is consecutive.
     *
     * @param layers the subsampling layer indices
     * @throws IllegalArgumentException naming the layers and what this network has
     */
    default void validateSearchedLayers(List<Integer> layers) {
        boolean ok = !layers.isEmpty();
        for (int i = 0; ok && i < layers.size(); i++) {
            int layer = layers.get(i);
            ok = layer >= 0 && layer < subsamplingLayerCount() && (i == 0 || layer == layers.get(i - 1) + 1);
        }
        if (!ok) {
            throw new IllegalArgumentException("Invalid searched layers " + layers + " for " + architecture()
                    + "; allowed: consecutive indices in [0, " + (subsamplingLayerCount() - 1) + "]");
        }
    }

    /**
     * Runs units [from, to) at inference, the first of them producing the rows of a phase plan.
     *
     * @param parameterStore where the parameters are read from
     * @param input the input of unit {@code from}, (N, …)
     * @param from the first unit; it must start with a subsampling layer unless the plan is stock
     * @param to one past the last unit ({@link #unitCount()} for the final pre-pool map)
     * @param plan the rows unit {@code from} produces; the output has {@code plan.size()} rows
     * @return the input of unit {@code to}, attached to the input's manager; every array made on the way is
     *     closed as soon as the unit after it has run, so a range costs one unit's memory, not the range's
     */
    NDArray runUnits(ParameterStore parameterStore, NDArray input, int from, int to, PhasePlan plan);

    /**
     * Classifies images with the plain network, every layer at its default phase, at inference: budget 1.
     *
     * @param parameterStore where the parameters are read from
     * @param images (N, C, H, W)
     * @return logits (N, K), attached to the images' manager; by default every unit as one range then the
     *     head, which costs one unit's memory
     */
    default NDArray plainLogits(ParameterStore parameterStore, NDArray images) {
        int rows = Math.toIntExact(images.getShape().get(0));
        NDArray maps = runUnits(parameterStore, images, 0, unitCount(), PhasePlan.everyPhase(rows,
                List.of(Phase.ORIGIN)));
        NDArray logits = classify(parameterStore, maps);
        maps.close();
        return logits;
    }

    /**
     * Returns the number of classes.
     *
     * @return K
     */
    int classes();

    /**
     * Classifies final pre-pool maps with the network's head.
     *
     * @param parameterStore where the parameters are read from
     * @param maps (N, C, H, W)
     * @return logits (N, K), attached to the maps' manager
     */
    NDArray classify(ParameterStore parameterStore, NDArray maps);

    /**
     * Returns the multiply-accumulates of each unit, at its default phase, for one image.
     *
     * @param imageShape (1, C, H, W)
     * @return one count per unit; the head is not included (see {@link #headMacs})
     */
    long[] unitMacs(Shape imageShape);

    /**
     * Returns the multiply-accumulates of the head for one image.
     *
     * @param imageShape (1, C, H, W)
     * @return the head's MACs
     */
    long headMacs(Shape imageShape);
}
