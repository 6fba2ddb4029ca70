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
 * <p>Given the images' budgets, it also runs ahead of the paper order where that order is forced
 * (docs/algorithm.md §4.4a): after the root's expansion the default child is expanded next, and after any other
 * expansion its k=1 child is, so those expansions ride along in the same pass through the deeper layers, and
 * their requests are answered from what was kept. The states, logits and calls are the same; the passes are
 * fewer and larger, which is what a small model needs. It never computes more states than the budget.
 *
 * <p>Not thread-safe: one instance serves one forward call. Its arrays live on the images' manager.
 */
public final class PrefixReuseExecutor extends NetworkEvaluator {

    private final Map<StateKey, NDArray[]> inputs = new HashMap<>();
    private final Map<Speculation, List<float[]>> speculated = new HashMap<>();
    private final int[] budgets;
    private final int[] states;
    private int passes;

    /**
     * Creates the evaluator for one batch, computing each expansion when it is asked for.
     *
     * @param network the network
     * @param parameterStore where its parameters are read from
     * @param searchedLayers the consecutive subsampling layers searched
     * @param images the normalised batch (N, C, H, W); every array made here is attached to its manager
     */
    public PrefixReuseExecutor(
            SegmentedNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers, NDArray images) {
        this(network, parameterStore, searchedLayers, images, null);
    }

    /**
     * Creates the evaluator for one batch searched in paper order, running the forced expansions ahead.
     *
     * @param network the network
     * @param parameterStore where its parameters are read from
     * @param searchedLayers the consecutive subsampling layers searched
     * @param images the normalised batch (N, C, H, W); every array made here is attached to its manager
     * @param paperBudgets each image's budget in paper order, or null to compute only what is asked for
     */
    public PrefixReuseExecutor(SegmentedNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers,
            NDArray images, int[] paperBudgets) {
        super(network, parameterStore, searchedLayers, images);
        this.budgets = paperBudgets == null ? null : paperBudgets.clone();
        this.states = new int[(int) images.getShape().get(0)];
    }

    @Override
    public List<List<float[]>> expand(List<ExpansionRequest> requests) {
        List<List<float[]>> answers = new ArrayList<>(requests.size());
        Map<List<Integer>, List<Integer>> byPhases = new LinkedHashMap<>();
        for (int r = 0; r < requests.size(); r++) {
            ExpansionRequest request = requests.get(r);
            answers.add(ranAhead(request));
            if (answers.get(r) == null) {
                byPhases.computeIfAbsent(request.phases(), k -> new ArrayList<>()).add(r);
            }
            states[request.image()] += request.phases().size();
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

    /**
     * Returns how many passes through the network this evaluator made: one per group of requests it computed,
     * none for requests answered from expansions it had run ahead.
     *
     * @return the pass count
     */
    public int passes() {
        return passes;
    }

    /** Returns the logits of an expansion that an earlier pass already ran ahead, or null. */
    private List<float[]> ranAhead(ExpansionRequest request) {
        List<float[]> kept = speculated.remove(
                new Speculation(StateKey.of(request.image(), request.expansion().state()), request.position()));
        if (kept == null) {
            return null;
        }
        List<float[]> answer = new ArrayList<>(request.phases().size());
        for (int k : request.phases()) {
            if (k < 1 || k > kept.size()) {
                return null; // asked for more than was run ahead: compute it as usual
            }
            answer.add(kept.get(k - 1));
        }
        return answer;
    }

    /**
     * Expands requests that share a position and a phase list in one pass through the network, and runs the
     * forced expansions that follow them along in the same pass.
     */
    private List<List<float[]>> expandBatch(List<ExpansionRequest> batch) {
        passes++;
        int position = batch.get(0).position();
        List<Integer> indices = batch.get(0).phases();
        List<Phase> phases = indices.stream().map(k -> runner.phase(position, k)).toList();
        NDArray x = concat(batch.stream().map(r -> inputOf(r.image(), r.expansion().state(), position)).toList());
        List<StateKey> rows = new ArrayList<>(batch.size() * phases.size());
        List<Integer> forced = new ArrayList<>();
        int[] planned = states.clone();
        for (int r = 0; r < batch.size(); r++) {
            ExpansionRequest request = batch.get(r);
            for (State child : request.childStates()) {
                rows.add(StateKey.of(request.image(), child));
            }
            int next = indices.indexOf(request.expansion().isRoot() ? 0 : 1);
            if (budgets != null && next >= 0) {
                forced.add(r * phases.size() + next);
            }
        }
        Map<Speculation, List<Integer>> aheadRows = new HashMap<>();
        x = runner.run(x, runner.unitOfPosition(position), runner.unitOfPosition(position + 1), phases);
        for (int d = position + 1; d <= runner.depth(); d++) {
            for (int row = 0; d < runner.depth() && row < rows.size(); row++) {
                inputsOf(rows.get(row))[d] = x.get(row);
            }
            if (d == runner.depth()) {
                break;
            }
            List<Integer> sources = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (int source : forced) {
                int image = rows.get(source).image();
                int fresh = runner.strides().get(d) * runner.strides().get(d) - 1;
                int count = Math.min(budgets[image] - planned[image], fresh);
                if (count > 0) {
                    planned[image] += count;
                    sources.add(source);
                    counts.add(count);
                }
            }
            NDArray rest = runner.run(x, runner.unitOfPosition(d), runner.unitOfPosition(d + 1), List.of(Phase.ORIGIN));
            forced = new ArrayList<>();
            if (sources.isEmpty()) {
                x = rest;
                continue;
            }
            // Each run-ahead expansion computes its own number of fresh phases; group them by that number.
            NDList outputs = new NDList(rest);
            for (int count : counts.stream().distinct().toList()) {
                List<Phase> fresh = new ArrayList<>();
                for (int k = 1; k <= count; k++) {
                    fresh.add(runner.phase(d, k));
                }
                List<Integer> group = new ArrayList<>();
                for (int i = 0; i < sources.size(); i++) {
                    if (counts.get(i) == count) {
                        group.add(sources.get(i));
                    }
                }
                NDArray computed = x;
                NDArray in = concat(group.stream().map(row -> computed.get(row).expandDims(0)).toList());
                outputs.add(runner.run(in, runner.unitOfPosition(d), runner.unitOfPosition(d + 1), fresh));
                for (int parentRow : group) {
                    StateKey parent = rows.get(parentRow);
                    List<Integer> children = new ArrayList<>();
                    for (int k = 1; k <= count; k++) {
                        children.add(rows.size());
                        rows.add(parent.with(d, k));
                    }
                    aheadRows.put(new Speculation(parent, d), children);
                    if (d + 1 < runner.depth()) {
                        forced.add(children.get(0));
                    }
                }
            }
            x = NDArrays.concat(outputs, 0);
        }
        float[] flat = runner.classify(x).toFloatArray();
        int classes = flat.length / rows.size();
        for (int row = 0; row < rows.size(); row++) {
            keepFinalMap(rows.get(row), x.get(row));
        }
        aheadRows.forEach((key, children) ->
                speculated.put(key, children.stream().map(row -> logitsOf(flat, row, classes)).toList()));
        List<List<float[]>> answers = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            List<float[]> perChild = new ArrayList<>(phases.size());
            for (int j = 0; j < phases.size(); j++) {
                perChild.add(logitsOf(flat, r * phases.size() + j, classes));
            }
            answers.add(perChild);
        }
        return answers;
    }

    private static float[] logitsOf(float[] flat, int row, int classes) {
        float[] logits = new float[classes];
        System.arraycopy(flat, row * classes, logits, 0, classes);
        return logits;
    }

    private static NDArray concat(List<NDArray> arrays) {
        return arrays.size() == 1 ? arrays.get(0) : NDArrays.concat(new NDList(arrays), 0);
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

    /** An expansion run ahead: the state expanded and the searched position it decides. */
    private record Speculation(StateKey parent, int position) {}
}
