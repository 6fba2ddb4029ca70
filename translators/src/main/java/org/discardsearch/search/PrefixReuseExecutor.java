package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.discardsearch.config.ErrorCategory;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhasePlan;
import org.discardsearch.network.SegmentedNetwork;

/**
 * The optimized evaluator (docs/algorithm.md §10.1–10.3). Every computed state keeps its activation at the
 * input of each deeper searched layer, so an expansion at position e runs only from layer e on; it computes
 * only the phases it is asked for (pad, shift and strided op, never stride-1 then slice); and all requests of
 * one call, at whatever positions and phases, run as one pass: at each searched position the rows of every
 * state and image that reach it go through the segment as one batch.
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

    private final Map<StateKey, BatchRow[]> inputs = new HashMap<>();
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
        List<Integer> pending = new ArrayList<>();
        for (int r = 0; r < requests.size(); r++) {
            ExpansionRequest request = requests.get(r);
            answers.add(ranAhead(request));
            if (answers.get(r) == null) {
                pending.add(r);
            }
            states[request.image()] += request.phases().size();
        }
        if (!pending.isEmpty()) {
            List<List<float[]>> computed = pass(pending.stream().map(requests::get).toList());
            for (int i = 0; i < pending.size(); i++) {
                answers.set(pending.get(i), computed.get(i));
            }
        }
        return answers;
    }

    /**
     * Returns how many passes through the network this evaluator made: one per expander call that had anything
     * to compute, none for calls answered from expansions it had run ahead.
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
     * Computes requests at any positions in one pass down the network: at each searched position, the rows
     * already flowing continue at the default phase, the expansions run ahead add their fresh phases, and the
     * requests at that position enter from their cached inputs; all of them run through the segment as one
     * batch (one {@link PhasePlan}).
     */
    private List<List<float[]>> pass(List<ExpansionRequest> batch) {
        passes++;
        NDManager manager = images.getManager();
        int start = batch.stream().mapToInt(ExpansionRequest::position).min().orElseThrow();
        computePrefixes(batch);
        List<StateKey> rows = List.of();
        NDArray x = null;
        List<StateKey> forced = List.of();
        int[] planned = states.clone();
        List<List<Integer>> requestRows = new ArrayList<>(Collections.nCopies(batch.size(), null));
        Map<Speculation, List<Integer>> aheadRows = new HashMap<>();
        for (int d = start; d < runner.depth(); d++) {
            PhasePlan.Builder plan = PhasePlan.builder();
            List<StateKey> next = new ArrayList<>();
            List<StateKey> nextForced = new ArrayList<>();
            List<BatchRow> entering = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                plan.add(i, Phase.ORIGIN);
                next.add(rows.get(i));
            }
            for (StateKey parent : forced) {
                int fresh = runner.strides().get(d) * runner.strides().get(d) - 1;
                int count = Math.min(budgets[parent.image()] - planned[parent.image()], fresh);
                if (count <= 0) {
                    continue;
                }
                planned[parent.image()] += count;
                int source = rows.indexOf(parent);
                if (source < 0) {
                    source = rows.size() + entering.size();
                    entering.add(cachedInput(parent, d));
                }
                List<Integer> children = new ArrayList<>(count);
                for (int k = 1; k <= count; k++) {
                    children.add(next.size());
                    plan.add(source, runner.phase(d, k));
                    next.add(parent.with(d, k));
                }
                aheadRows.put(new Speculation(parent, d), children);
                nextForced.add(parent.with(d, 1));
            }
            for (int r = 0; r < batch.size(); r++) {
                ExpansionRequest request = batch.get(r);
                if (request.position() != d) {
                    continue;
                }
                int source = rows.size() + entering.size();
                entering.add(cachedInput(StateKey.of(request.image(), request.expansion().state()), d));
                List<Integer> children = new ArrayList<>(request.phases().size());
                for (int k : request.phases()) {
                    children.add(next.size());
                    plan.add(source, runner.phase(d, k));
                    next.add(StateKey.of(request.image(), request.expansion().childState(k)));
                }
                requestRows.set(r, children);
                forcedAfter(request).ifPresent(nextForced::add);
            }
            NDArray input = entering.isEmpty() ? x : BatchRow.gather(entering, manager);
            if (x != null && !entering.isEmpty()) {
                input = NDArrays.concat(new NDList(x, input), 0);
            }
            x = runner.run(input, runner.unitOfPosition(d), runner.unitOfPosition(d + 1), plan.build());
            rows = next;
            forced = d + 1 < runner.depth() ? nextForced : List.of();
            for (int i = 0; d + 1 < runner.depth() && i < rows.size(); i++) {
                inputsOf(rows.get(i))[d + 1] = new BatchRow(x, i);
            }
        }
        float[] flat = runner.classify(x).toFloatArray();
        int classes = flat.length / rows.size();
        for (int row = 0; row < rows.size(); row++) {
            keepFinalMap(rows.get(row), new BatchRow(x, row));
        }
        aheadRows.forEach((key, children) ->
                speculated.put(key, children.stream().map(row -> logitsOf(flat, row, classes)).toList()));
        return requestRows.stream()
                .map(children -> children.stream().map(row -> logitsOf(flat, row, classes)).toList())
                .toList();
    }

    /**
     * Returns the expansion that paper order makes next after this request, when it is forced and so can run
     * ahead (docs/algorithm.md §4.4a): the root's default child, or another expansion's k=1 child. The first
     * call of an early-exit root (its default phase alone) forces nothing: the image may stop there.
     */
    private Optional<StateKey> forcedAfter(ExpansionRequest request) {
        Expansion expansion = request.expansion();
        List<Integer> all = expansion.phasesToCompute();
        if (budgets == null || !request.phases().contains(all.get(all.size() - 1))) {
            return Optional.empty();
        }
        return Optional.of(StateKey.of(request.image(), expansion.childState(expansion.isRoot() ? 0 : 1)));
    }

    /** Runs the layers before the first searched one, once, for every image of the pass that needs it. */
    private void computePrefixes(List<ExpansionRequest> batch) {
        List<StateKey> missing = batch.stream()
                .filter(request -> request.position() == 0)
                .map(request -> StateKey.of(request.image(), request.expansion().state()))
                .filter(root -> inputsOf(root)[0] == null)
                .distinct()
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        List<BatchRow> selected = missing.stream().map(root -> new BatchRow(images, root.image())).toList();
        NDArray prefixes = runner.run(BatchRow.gather(selected, images.getManager()), 0, runner.unitOfPosition(0),
                Phase.ORIGIN);
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

    /** An expansion run ahead: the state expanded and the searched position it decides. */
    private record Speculation(StateKey parent, int position) {}
}
