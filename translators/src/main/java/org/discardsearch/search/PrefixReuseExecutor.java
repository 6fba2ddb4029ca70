package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.config.ErrorCategory;
import org.discardsearch.layer.Phase;
import org.discardsearch.network.SegmentedNetwork;

/**
 * The optimized evaluator (docs/algorithm.md §10.1–10.3). Every computed state keeps its activation at the
 * input of each deeper searched layer, so an expansion at position e runs only from layer e on; it computes
 * only the phases it is asked for (pad, shift and strided op, never stride-1 then slice); and all requests of
 * one call that ask for the same phases run as one batch, across states and across images.
 *
 * <p>Not thread-safe: one instance serves one forward call. Its arrays live on the images' manager.
 */
public final class PrefixReuseExecutor implements StateEvaluator {

    private final NetworkRunner runner;
    private final NDArray images;
    private final Map<StateKey, CachedState> cache = new HashMap<>();

    /**
     * Creates the evaluator for one batch.
     *
     * @param network the network
     * @param parameterStore where its parameters are read from
     * @param searchedLayers the consecutive subsampling layers searched
     * @param images the normalised batch (N, C, H, W); every array made here is attached to its manager
     */
    public PrefixReuseExecutor(
            SegmentedNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers, NDArray images) {
        this.runner = new NetworkRunner(network, parameterStore, searchedLayers, images.getShape());
        this.images = images;
    }

    /**
     * Returns the strides of the searched layers, as the search tree needs them.
     *
     * @return one stride per searched layer
     */
    public List<Integer> strides() {
        return runner.strides();
    }

    @Override
    public List<List<float[]>> expand(List<ExpansionRequest> requests) {
        Map<List<Integer>, List<Integer>> byPhases = new LinkedHashMap<>();
        for (int r = 0; r < requests.size(); r++) {
            byPhases.computeIfAbsent(requests.get(r).phases(), k -> new ArrayList<>()).add(r);
        }
        List<List<float[]>> answers = new ArrayList<>(requests.size());
        for (int r = 0; r < requests.size(); r++) {
            answers.add(null);
        }
        for (List<Integer> group : byPhases.values()) {
            List<ExpansionRequest> batch = group.stream().map(requests::get).toList();
            List<List<float[]>> logits = expandBatch(batch);
            for (int i = 0; i < group.size(); i++) {
                answers.set(group.get(i), logits.get(i));
            }
        }
        return answers;
    }

    /** Expands requests that share a position and a phase list in one pass through the network. */
    private List<List<float[]>> expandBatch(List<ExpansionRequest> batch) {
        int position = batch.get(0).position();
        List<Integer> indices = batch.get(0).phases();
        List<Phase> phases = indices.stream().map(k -> runner.phase(position, k)).toList();
        NDList parents = new NDList(batch.size());
        for (ExpansionRequest request : batch) {
            parents.add(inputOf(request.image(), request.expansion().state(), position));
        }
        NDArray x = parents.size() == 1 ? parents.get(0) : NDArrays.concat(parents, 0);
        List<StateKey> children = new ArrayList<>(batch.size() * phases.size());
        for (ExpansionRequest request : batch) {
            for (State child : request.childStates()) {
                StateKey key = StateKey.of(request.image(), child);
                children.add(key);
                cache.computeIfAbsent(key, k -> new CachedState(runner.depth()));
            }
        }
        List<Phase> current = phases;
        for (int d = position; d < runner.depth(); d++) {
            x = runner.run(x, runner.unitOfPosition(d), runner.unitOfPosition(d + 1), current);
            current = List.of(Phase.ORIGIN);
            if (d + 1 < runner.depth()) {
                for (int c = 0; c < children.size(); c++) {
                    cache.get(children.get(c)).inputs[d + 1] = x.get(c);
                }
            }
        }
        float[] flat = runner.classify(x).toFloatArray();
        int classes = flat.length / children.size();
        List<List<float[]>> answers = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            List<float[]> perChild = new ArrayList<>(phases.size());
            for (int j = 0; j < phases.size(); j++) {
                int row = r * phases.size() + j;
                cache.get(children.get(row)).finalMap = x.get(row);
                float[] logits = new float[classes];
                System.arraycopy(flat, row * classes, logits, 0, classes);
                perChild.add(logits);
            }
            answers.add(perChild);
        }
        return answers;
    }

    /** Returns a state's activation at the input of searched position d, (1, C, H, W). */
    private NDArray inputOf(int image, State state, int position) {
        CachedState cached = cache.computeIfAbsent(StateKey.of(image, state), k -> new CachedState(runner.depth()));
        if (cached.inputs[position] == null) {
            if (position != 0) {
                throw new SearchException(ErrorCategory.INTERNAL, "No cached input at searched position "
                        + position + " for state " + state + " of image " + image);
            }
            // The root's prefix: everything before the first searched layer, once per image.
            NDArray single = images.get(new ai.djl.ndarray.index.NDIndex("{}:{}", image, image + 1));
            cached.inputs[0] = runner.run(single, 0, runner.unitOfPosition(0), List.of(Phase.ORIGIN));
        }
        NDArray input = cached.inputs[position];
        return input.getShape().dimension() == images.getShape().dimension() ? input : input.expandDims(0);
    }

    @Override
    public NDArray finalMaps(int image, List<State> states) {
        NDList maps = new NDList(states.size());
        for (State state : states) {
            CachedState cached = cache.get(StateKey.of(image, state));
            if (cached == null || cached.finalMap == null) {
                throw new SearchException(ErrorCategory.INTERNAL,
                        "State " + state + " of image " + image + " was never computed");
            }
            maps.add(cached.finalMap);
        }
        return NDArrays.stack(maps, 0);
    }

    @Override
    public long macs() {
        return runner.macs();
    }

    /** A state of one image, keyed by the phases it computes (−1 and 0 are the same computation). */
    record StateKey(int image, List<Integer> phases) {
        static StateKey of(int image, State state) {
            return new StateKey(image, state.computedPhases());
        }
    }

    /** What is kept of one computed state: its inputs at deeper searched layers, and its final map. */
    private static final class CachedState {
        private final NDArray[] inputs;
        private NDArray finalMap;

        CachedState(int depth) {
            inputs = new NDArray[depth];
        }
    }
}
