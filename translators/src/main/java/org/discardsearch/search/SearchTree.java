package org.discardsearch.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.SearchOrderKind;

/**
 * The search of one image: its candidates (the evaluated states, default first) and its frontier (the
 * nodes that may still be expanded), under a budget B = the number of candidates to keep
 * (docs/algorithm.md §4.5).
 *
 * <p>Use it as a loop: {@link #pick()} an expansion, compute the logits of its children, give them to
 * {@link #addChildren}; before every pick but the first, write fresh {@link #setScores scores} for all
 * candidates. {@link SearchDriver} runs that loop for many trees at once. A tree is used once, by one
 * thread.
 *
 * <p>In {@link SearchOrderKind#PAPER} the tree reproduces the official ordering exactly (§4.2, §4.4): the
 * frontier is kept sorted ascending by score with a stable sort, and re-sorted after each insertion only;
 * new children score 0 and so jump the queue; scores written by {@link #setScores} take effect at the next
 * insertion (one iteration stale); popped leaves are discarded; after the root, k=0 children are not
 * created because they equal their parent. In {@link SearchOrderKind#BEST_FIRST} the frontier is ordered by
 * the current scores at every pick, and an expanded node stays on the frontier with its expanded layer set
 * to 0, so that every state is reachable. In both orders only the children the budget can still take are
 * requested, so the last expansion wastes no work.
 */
public final class SearchTree {

    private static final Comparator<FrontierEntry> BY_SCORE = Comparator.comparingDouble(e -> e.node().score());

    private final List<Integer> strides;
    private final int budget;
    private final SearchOrderKind order;
    private final Node root;
    private final List<Node> candidates = new ArrayList<>();
    private final List<FrontierEntry> frontier = new ArrayList<>();
    private Expansion pending;
    private int expansions;
    private int nextNodeId = Node.ROOT_ID + 1;
    private boolean exitedEarly;

    /**
     * Creates the search of one image, with only the root on the frontier.
     *
     * @param strides the stride R_l of each searched layer, shallowest first (normally all 2)
     * @param budget the number of candidates to keep, 1..{@link #reachableStates(List, SearchOrderKind)}
     * @param order how the frontier is ordered
     * @throws SearchException (BAD_CONFIG) if a stride is below 2 or the budget is out of range
     */
    public SearchTree(List<Integer> strides, int budget, SearchOrderKind order) {
        this.strides = Strides.checked(strides);
        this.order = Objects.requireNonNull(order, "order");
        int reachable = reachableStates(this.strides, order);
        if (budget < 1 || budget > reachable) {
            throw new SearchException(ErrorCategory.BAD_CONFIG, "Budget out of range: budget = '" + budget
                    + "'; allowed: 1.." + reachable + " (the states reachable by order "
                    + order.configName() + " with strides " + this.strides + ")");
        }
        this.budget = budget;
        State rootState = State.root(this.strides.size());
        root = new Node(Node.ROOT_ID, rootState, Displacement.of(rootState, this.strides), null);
        frontier.add(new FrontierEntry(root, rootState));
    }

    /**
     * Returns how many distinct states an order can reach, the largest budget it accepts.
     *
     * <p>{@link SearchOrderKind#PAPER}: R_0²·(1 + (R_1²−1) + (R_1²−1)(R_2²−1) + …), which is 4·(3^D−1)/2 for
     * D stride-2 layers (52 for D=3; docs/algorithm.md §3, §4.4c). {@link SearchOrderKind#BEST_FIRST}:
     * Π R_l² (64 for D=3).
     *
     * @param strides the stride of each searched layer
     * @param order the order
     * @return the number of reachable states
     * @throws SearchException (BAD_CONFIG) if a stride is below 2
     */
    public static int reachableStates(List<Integer> strides, SearchOrderKind order) {
        List<Integer> checked = Strides.checked(strides);
        Objects.requireNonNull(order, "order");
        if (order == SearchOrderKind.BEST_FIRST) {
            return checked.stream().mapToInt(Strides::phaseCount).reduce(1, Math::multiplyExact);
        }
        // The root adds R_0² states; every later expansion at layer l adds R_l²−1 states one layer deeper.
        int statesAtLayer = Strides.phaseCount(checked.get(0));
        int total = statesAtLayer;
        for (int layer = 1; layer < checked.size(); layer++) {
            statesAtLayer *= Strides.phaseCount(checked.get(layer)) - 1;
            total += statesAtLayer;
        }
        return total;
    }

    /**
     * Picks the next expansion, or nothing when the search is over (budget reached, early exit, or no
     * expandable node left). The expansion must be completed with {@link #addChildren} (or, for the root,
     * {@link #exitEarly}) before the next pick.
     *
     * <p>The first expansion is the root's, computing phases 0..min(B, R_0²)−1; with B=1 that is the plain
     * forward pass. Later ones compute phases 1..R_e²−1 (k=0 equals the parent), cut to the room left in
     * the budget.
     *
     * @return the expansion, or empty if the search is over
     * @throws SearchException (INTERNAL) if the previous expansion was not completed
     */
    public Optional<Expansion> pick() {
        if (pending != null) {
            throw new SearchException(ErrorCategory.INTERNAL, "Expansion picked twice: pending = '"
                    + pending.state().phases() + "' at position " + pending.position()
                    + "; expected addChildren or exitEarly before the next pick");
        }
        if (exitedEarly || candidates.size() >= budget) {
            return Optional.empty();
        }
        if (order == SearchOrderKind.BEST_FIRST) {
            frontier.sort(BY_SCORE);
        }
        Optional<Expansion> next = popExpansion(frontier, candidates.size());
        pending = next.orElse(null);
        return next;
    }

    /**
     * Paper order only: returns the expansions that will follow the pending one and are already fixed before
     * its children's logits are known (docs/algorithm.md §4.4a), so that they can be computed in the same pass.
     *
     * <p>In paper order new children enter the frontier with score 0 and the frontier is re-sorted only on
     * insertion, so the pick right after an expansion never depends on that expansion's logits: it is always
     * returned. Each later pick is returned while it expands a child of the expansion before it (those
     * children jump the queue); it could then differ only if a candidate whose score is still unknown here
     * scored exactly 0, and the caller must check every pick against what it computed ahead.
     *
     * @param expansion the pending expansion, from the last {@link #pick()}
     * @return the expansions after it, in order; empty in best-first order or when the budget is reached
     * @throws SearchException (INTERNAL) if {@code expansion} is not the pending one
     */
    public List<Expansion> lookahead(Expansion expansion) {
        requirePending(expansion);
        if (order != SearchOrderKind.PAPER) {
            return List.of();
        }
        List<FrontierEntry> simulated = new ArrayList<>(frontier);
        int count = candidates.size();
        int id = nextNodeId;
        List<Expansion> ahead = new ArrayList<>();
        List<Node> unscored = List.of();
        Expansion current = expansion;
        while (true) {
            // Before the next insertion the caller scores the children added last; unknown here, assume > 0.
            unscored.forEach(node -> node.setScore(Double.POSITIVE_INFINITY));
            List<Node> children = new ArrayList<>();
            for (int phase : current.phasesToCompute()) {
                State child = current.childState(phase);
                Node node = new Node(id++, child, Displacement.of(child, strides), null);
                children.add(node);
                simulated.add(new FrontierEntry(node, child));
                simulated.sort(BY_SCORE);
            }
            count += children.size();
            Optional<Expansion> next = popExpansion(simulated, count);
            if (next.isEmpty() || !(ahead.isEmpty() || children.contains(next.get().parent()))) {
                return List.copyOf(ahead);
            }
            ahead.add(next.get());
            unscored = children;
            current = next.get();
        }
    }

    /**
     * Pops entries off the front of a frontier until one can be expanded, and returns its expansion, cut to the
     * room the budget leaves after {@code candidateCount} candidates.
     */
    private Optional<Expansion> popExpansion(List<FrontierEntry> entries, int candidateCount) {
        if (candidateCount >= budget) {
            return Optional.empty();
        }
        while (!entries.isEmpty()) {
            FrontierEntry entry = entries.remove(0);
            if (entry.state().isLeaf()) {
                continue; // §4.2b: leaves are popped and thrown away
            }
            int position = entry.state().firstUndecided();
            int firstPhase = entry.node().isRoot() ? 0 : 1; // §4.2d: k=0 would recompute the parent
            int count = Math.min(Strides.phaseCount(strides.get(position)) - firstPhase, budget - candidateCount);
            List<Integer> phases = IntStream.range(firstPhase, firstPhase + count).boxed().toList();
            return Optional.of(new Expansion(entry.node(), entry.state(), position, phases));
        }
        return Optional.empty();
    }

    /**
     * Completes the pending expansion: adds one candidate per computed phase, in phase order, and puts
     * them on the frontier with score 0.
     *
     * @param expansion the expansion returned by the last {@link #pick()}
     * @param logitsPerComputedPhase the logits of each child, in the order of
     *     {@link Expansion#phasesToCompute()}; copied
     * @throws SearchException (INTERNAL) if the expansion is not the pending one, or the number of logit
     *     arrays differs from the number of phases, or an array is null or empty
     */
    public void addChildren(Expansion expansion, List<float[]> logitsPerComputedPhase) {
        requirePending(expansion);
        Objects.requireNonNull(logitsPerComputedPhase, "logitsPerComputedPhase");
        List<Integer> phases = expansion.phasesToCompute();
        if (logitsPerComputedPhase.size() != phases.size()) {
            throw new SearchException(ErrorCategory.INTERNAL, "Wrong number of child logits for state "
                    + expansion.state().phases() + " at position " + expansion.position() + ": got '"
                    + logitsPerComputedPhase.size() + "'; expected " + phases.size() + ", one per phase in "
                    + phases);
        }
        logitsPerComputedPhase.forEach(this::requireLogits);
        pending = null;
        expansions++;
        if (order == SearchOrderKind.BEST_FIRST && !expansion.isRoot()) {
            // The k=0 child computes the same as the parent: not a new candidate, but its subtree stays reachable.
            State continuation = expansion.childState(0);
            if (!continuation.isLeaf()) {
                frontier.add(new FrontierEntry(expansion.parent(), continuation));
            }
        }
        for (int i = 0; i < phases.size(); i++) {
            State child = expansion.childState(phases.get(i));
            Node node = new Node(nextNodeId++, child, Displacement.of(child, strides), logitsPerComputedPhase.get(i));
            candidates.add(node);
            frontier.add(new FrontierEntry(node, child));
            if (order == SearchOrderKind.PAPER) {
                frontier.sort(BY_SCORE); // §4.2d: re-sorted after each insertion, stable
            }
        }
    }

    /**
     * Completes the root's expansion with only the default state, and ends the search: the default
     * prediction was confident enough. The tree then holds one candidate and counts one network call.
     *
     * @param rootExpansion the pending expansion of the root
     * @param defaultLogits the logits of the default state (phase 0 everywhere); copied
     * @throws SearchException (INTERNAL) if the expansion is not the pending root expansion or the logits
     *     are null or empty
     */
    public void exitEarly(Expansion rootExpansion, float[] defaultLogits) {
        requirePending(rootExpansion);
        if (!rootExpansion.isRoot()) {
            throw new SearchException(ErrorCategory.INTERNAL, "Early exit after the first call: state = '"
                    + rootExpansion.state().phases() + "'; allowed only on the root expansion");
        }
        requireLogits(defaultLogits);
        pending = null;
        expansions++;
        State defaultState = rootExpansion.childState(0);
        candidates.add(new Node(nextNodeId++, defaultState, Displacement.of(defaultState, strides), defaultLogits));
        frontier.clear();
        exitedEarly = true;
    }

    /**
     * Writes one score per candidate (lower = expanded sooner). {@link SearchOrderKind#PAPER} does not re-sort
     * here, so the scores order the frontier from the next insertion on, one iteration late (§4.2a,
     * §4.4b); {@link SearchOrderKind#BEST_FIRST} orders the frontier by them at the next pick.
     *
     * @param scoresForAllCandidates the scores, in the order of {@link #candidates()}
     * @throws SearchException (INTERNAL) if the length differs from the number of candidates or a score is
     *     NaN
     */
    public void setScores(double[] scoresForAllCandidates) {
        Objects.requireNonNull(scoresForAllCandidates, "scoresForAllCandidates");
        if (scoresForAllCandidates.length != candidates.size()) {
            throw new SearchException(ErrorCategory.INTERNAL, "Wrong number of scores: got '"
                    + scoresForAllCandidates.length + "'; expected " + candidates.size() + ", one per candidate");
        }
        for (int i = 0; i < scoresForAllCandidates.length; i++) {
            if (Double.isNaN(scoresForAllCandidates[i])) {
                throw new SearchException(ErrorCategory.INTERNAL, "Invalid score of candidate "
                        + candidates.get(i).state().phases() + ": score = 'NaN'; expected a number");
            }
        }
        for (int i = 0; i < scoresForAllCandidates.length; i++) {
            candidates.get(i).setScore(scoresForAllCandidates[i]);
        }
    }

    /**
     * Returns the candidates so far, in insertion order; the default state comes first.
     *
     * @return an immutable snapshot of the candidate list
     */
    public List<Node> candidates() {
        return List.copyOf(candidates);
    }

    /**
     * Returns the number of completed expansions, which is the number of network calls the search cost.
     *
     * @return the number of expansions
     */
    public int expansions() {
        return expansions;
    }

    /**
     * Tells whether the search is over: the budget is filled, it exited early, or no expandable node is
     * left. A tree with a pending expansion is not finished.
     *
     * @return true if {@link #pick()} would return nothing
     */
    public boolean isFinished() {
        if (pending != null) {
            return false;
        }
        return exitedEarly
                || candidates.size() >= budget
                || frontier.stream().allMatch(entry -> entry.state().isLeaf());
    }

    /**
     * Tells whether the search ended through {@link #exitEarly}.
     *
     * @return true after an early exit
     */
    public boolean exitedEarly() {
        return exitedEarly;
    }

    /**
     * Returns the budget B, the number of candidates the search keeps.
     *
     * @return the budget
     */
    public int budget() {
        return budget;
    }

    /**
     * Returns the frontier order.
     *
     * @return the order
     */
    public SearchOrderKind order() {
        return order;
    }

    /**
     * Returns the strides of the searched layers, shallowest first.
     *
     * @return an immutable list
     */
    public List<Integer> strides() {
        return strides;
    }

    private void requirePending(Expansion expansion) {
        if (expansion == null || expansion != pending) {
            throw new SearchException(ErrorCategory.INTERNAL, "Unknown expansion: expansion = '"
                    + (expansion == null ? null : expansion.state().phases())
                    + "'; expected the one returned by the last pick()");
        }
    }

    private void requireLogits(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new SearchException(ErrorCategory.INTERNAL, "Invalid child logits: length = '"
                    + (logits == null ? null : 0) + "'; expected at least one logit");
        }
    }

    /**
     * A frontier entry: the node whose activations an expansion starts from, and the state it expands.
     * They differ only in best-first order, where the state may hold 0 where the node's holds −1.
     */
    private record FrontierEntry(Node node, State state) {}
}
