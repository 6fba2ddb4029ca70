package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * An {@link Expander} that runs a real network and keeps, for every state it computed, the final pre-pool map
 * that aggregation needs. One evaluator serves one batch of images for one forward call: its arrays live on
 * the manager it was created with, and go when the caller closes that manager.
 */
public interface StateEvaluator extends Expander {

    /**
     * Returns the final pre-pool maps of some computed states of one image, stacked in the given order.
     *
     * @param image the image's index in the batch
     * @param states states this evaluator computed for that image
     * @return (P, C, H, W), attached to the evaluator's manager
     * @throws SearchException (INTERNAL) if a state was never computed
     */
    NDArray finalMaps(int image, List<State> states);

    /**
     * Returns the multiply-accumulates done so far (convolutions and fully connected layers), so a benchmark
     * can report cost beside time.
     *
     * @return the MAC count
     */
    long macs();
}
