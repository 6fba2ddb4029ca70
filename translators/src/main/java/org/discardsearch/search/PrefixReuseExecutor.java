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
public final class PrefixReuseExecutor extends NetworkEvaluator {

    private final Map<StateKey, NDArray[]> inputs = new HashMap<>();

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
        super(network, parameterStore, searchedLayers, images);
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
                children.add(StateKey.of(request.image(), child));
            }
        }
        List<Phase> current = phases;
        for (int d = position; d < runner.depth(); d++) {
            x = runner.run(x, runner.unitOfPosition(d), runner.unitOfPosition(d + 1), current);
            current = List.of(Phase.ORIGIN);
            if (d + 1 < runner.depth()) {
                for (int c = 0; c < children.size(); c++) {
                    inputsOf(children.get(c))[d + 1] = x.get(c);
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
                keepFinalMap(children.get(row), x.get(row));
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
        NDArray[] cached = inputsOf(StateKey.of(image, state));
        if (cached[position] == null) {
            if (position != 0) {
                throw new SearchException(ErrorCategory.INTERNAL, "No cached input at searched position "
                        + position + " for state " + state + " of image " + image);
            }
            // The root's prefix: everything before the first searched layer, once per image.
            NDArray single = images.get(new ai.djl.ndarray.index.NDIndex("{}:{}", image, image + 1));
            cached[0] = runner.run(single, 0, runner.unitOfPosition(0), List.of(Phase.ORIGIN));
        }
        NDArray input = cached[position];
        return input.getShape().dimension() == images.getShape().dimension() ? input : input.expandDims(0);
    }

    /** Returns a state's activations at the input of each searched position (null where not computed). */
    private NDArray[] inputsOf(StateKey key) {
        return inputs.computeIfAbsent(key, k -> new NDArray[runner.depth()]);
    }
}
