package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.network.SearchableNetwork;

/**
 * What both evaluators share: the network cut at the searched layers, the batch of images, and the final map of
 * every state computed, keyed by image and by the phases the state computes (−1 and 0 are the same work).
 */
abstract class NetworkEvaluator implements StateEvaluator {

    final NetworkRunner runner;
    final NDArray images;
    /** The images' manager: what the search keeps (cached inputs, final maps) lives here until the call ends. */
    final NDManager manager;
    private final Map<StateKey, BatchRow> finalMaps = new HashMap<>();

    NetworkEvaluator(
            SearchableNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers, NDArray images) {
        this.runner = new NetworkRunner(network, parameterStore, searchedLayers, images.getShape());
        this.images = images;
        this.manager = images.getManager();
    }

    /**
     * Returns the strides of the searched layers, as the search tree needs them.
     *
     * @return one stride per searched layer
     */
    public List<Integer> strides() {
        return runner.strides();
    }

    /** Keeps where a computed state's final map is: a row of a batch of final maps. */
    void keepFinalMap(StateKey state, BatchRow map) {
        finalMaps.put(state, map);
    }

    @Override
    public NDArray finalMaps(int image, List<State> states) {
        List<BatchRow> rows = new ArrayList<>(states.size());
        for (State state : states) {
            BatchRow map = finalMaps.get(StateKey.of(image, state));
            if (map == null) {
                throw new SearchException(ErrorCategory.INTERNAL,
                        "State " + state + " of image " + image + " was never computed");
            }
            rows.add(map);
        }
        return BatchRow.gather(rows, manager);
    }

    @Override
    public long macs() {
        return runner.macs();
    }

    /** A state of one image, keyed by the phases it computes. */
    record StateKey(int image, List<Integer> phases) {
        static StateKey of(int image, State state) {
            return new StateKey(image, state.computedPhases());
        }
    }
}
