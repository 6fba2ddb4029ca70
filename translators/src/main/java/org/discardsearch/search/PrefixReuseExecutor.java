package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhasePlan;
import org.discardsearch.network.SearchableNetwork;

/**
 * The optimized evaluator (docs/algorithm.md §10.1–10.3). Every computed state keeps its activation at the
 * input of each deeper searched layer, so an expansion at position e runs only from layer e on; it computes
 * only the phases it is asked for (pad, shift and strided op, never stride-1 then slice); and all requests of
 * one call, at whatever positions, run as one pass down the network: at each searched position the rows
 * already flowing continue at the default phase and the requests deciding that position join them, from the
 * flowing row of their parent when an earlier request of the call computed it, from its cached activation
 * otherwise. Each segment then runs once, on one batch ({@link PhasePlan}), across states and images.
 *
 * <p>Not thread-safe: one instance serves one forward call. What it keeps lives on the images' manager; what a
 * segment needs only while it runs is closed when the segment is done.
 */
public final class PrefixReuseExecutor extends NetworkEvaluator {

    private final Map<StateKey, BatchRow[]> inputs = new HashMap<>();
    private int passes;

    /**
     * Creates the evaluator for one batch.
     *
     * @param network the network
     * @param parameterStore where its parameters are read from
     * @param searchedLayers the consecutive subsampling layers searched
     * @param images the normalised batch (N, C, H, W); every array made here is attached to its manager
     */
    public PrefixReuseExecutor(
            SearchableNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers, NDArray images) {
        super(network, parameterStore, searchedLayers, images);
    }

    /**
     * Returns how many passes through the network this evaluator made: one per expander call.
     *
     * @return the pass count
     */
    public int passes() {
        return passes;
    }

    /**
     * Computes the requests of one call in one pass, from the shallowest position they decide. Each segment runs
     * in its own scope: only its output stays, as the next position's cached inputs or as final maps.
     */
    @Override
    public List<List<float[]>> expand(List<ExpansionRequest> requests) {
        passes++;
        int start = requests.stream().mapToInt(ExpansionRequest::position).min().orElseThrow();
        computePrefixes(requests);
        List<StateKey> rows = List.of();
        NDArray x = null;
        float[] flat = null;
        List<List<Integer>> requestRows = new ArrayList<>(requests.size());
        requests.forEach(request -> requestRows.add(null));
        for (int d = start; d < runner.depth(); d++) {
            PhasePlan.Builder plan = PhasePlan.builder();
            List<StateKey> next = new ArrayList<>();
            List<BatchRow> sources = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                plan.add(i, Phase.ORIGIN);
                next.add(rows.get(i));
                sources.add(new BatchRow(x, i));
            }
            for (int r = 0; r < requests.size(); r++) {
                ExpansionRequest request = requests.get(r);
                if (request.position() != d) {
                    continue;
                }
                StateKey parent = StateKey.of(request.image(), request.expansion().state());
                int source = rows.indexOf(parent);
                if (source < 0) {
                    source = sources.size();
                    sources.add(cachedInput(parent, d));
                }
                List<Integer> children = new ArrayList<>(request.phases().size());
                for (int k : request.phases()) {
                    children.add(next.size());
                    plan.add(source, runner.phase(d, k));
                    next.add(StateKey.of(request.image(), request.expansion().childState(k)));
                }
                requestRows.set(r, children);
            }
            try (NDManager scope = manager.newSubManager()) {
                x = runner.run(BatchRow.gather(sources, scope), runner.unitOfPosition(d),
                        runner.unitOfPosition(d + 1), plan.build());
                if (d + 1 == runner.depth()) {
                    flat = runner.classify(x).toFloatArray();
                }
                x.attach(manager);
            }
            rows = next;
            for (int i = 0; d + 1 < runner.depth() && i < rows.size(); i++) {
                inputsOf(rows.get(i))[d + 1] = new BatchRow(x, i);
            }
        }
        float[] logits = flat;
        int classes = logits.length / rows.size();
        for (int row = 0; row < rows.size(); row++) {
            keepFinalMap(rows.get(row), new BatchRow(x, row));
        }
        return requestRows.stream()
                .map(children -> children.stream().map(row -> logitsOf(logits, row, classes)).toList())
                .toList();
    }

    /** Runs the layers before the first searched one, once, for every image of the call that needs it. */
    private void computePrefixes(List<ExpansionRequest> requests) {
        List<StateKey> missing = requests.stream()
                .filter(request -> request.position() == 0)
                .map(request -> StateKey.of(request.image(), request.expansion().state()))
                .filter(root -> inputsOf(root)[0] == null)
                .distinct()
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        List<BatchRow> selected = missing.stream().map(root -> new BatchRow(images, root.image())).toList();
        NDArray prefixes;
        try (NDManager scope = manager.newSubManager()) {
            prefixes = runner.run(BatchRow.gather(selected, scope), 0, runner.unitOfPosition(0), Phase.ORIGIN);
            prefixes.attach(manager);
        }
        for (int j = 0; j < missing.size(); j++) {
            inputsOf(missing.get(j))[0] = new BatchRow(prefixes, j);
        }
    }

    private static float[] logitsOf(float[] flat, int row, int classes) {
        float[] logits = new float[classes];
        System.arraycopy(flat, row * classes, logits, 0, classes);
        return logits;
    }

    /** Returns where a state's activation at the input of searched position d is; it must have been computed. */
    private BatchRow cachedInput(StateKey state, int position) {
        BatchRow row = inputsOf(state)[position];
        if (row == null) {
            throw new SearchException(ErrorCategory.INTERNAL, "No cached input at searched position " + position
                    + " for state " + state.phases() + " of image " + state.image());
        }
        return row;
    }

    /** Returns where a state's activations at the input of each searched position are (null where not yet). */
    private BatchRow[] inputsOf(StateKey key) {
        return inputs.computeIfAbsent(key, k -> new BatchRow[runner.depth()]);
    }
}
