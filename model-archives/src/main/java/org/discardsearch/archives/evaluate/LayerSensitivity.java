package org.discardsearch.archives.evaluate;

import java.util.List;

/**
 * How much one subsampling layer's phase matters: the accuracy with that layer alone kept at each of its phases,
 * every other layer at its default.
 *
 * @param layer the subsampling layer's index
 * @param inputPixelsPerPhaseStep how far one phase step moves the layer's sampling grid, in pixels of the
 *     network's input: the product of the strides before the layer (2^layer for the compact models)
 * @param phaseAccuracy top-1 accuracy at phase 0 (the default), 1 (dx=1), 2 (dy=1) and 3 (dx=dy=1)
 * @param worstDrop the default's accuracy minus the worst non-default phase's
 * @param meanDrop the default's accuracy minus the mean of the non-default phases'
 */
public record LayerSensitivity(int layer, int inputPixelsPerPhaseStep, List<Double> phaseAccuracy, double worstDrop,
        double meanDrop) {

    /** Copies the list. */
    public LayerSensitivity {
        phaseAccuracy = List.copyOf(phaseAccuracy);
    }
}
