package org.discardsearch.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.discardsearch.error.ErrorCategory;

/**
 * The phase kept by each searched subsampling layer, shallowest layer first (docs/algorithm.md §2.3, §3).
 *
 * <p>Entry l is either {@link #UNDECIDED} (−1, computed exactly like phase 0) or a selection index s in
 * 0..R_l²−1, with dx = s mod R_l and dy = s div R_l. The root state has every entry undecided and is the
 * plain network. A state does not know the strides; {@link SearchTree} and {@link Displacement} check the
 * indices against them.
 *
 * @param phases the selection index per searched layer; −1 means undecided
 */
public record State(List<Integer> phases) {

    /** The entry of a layer whose phase is not chosen yet; it is computed as phase 0. */
    public static final int UNDECIDED = -1;

    /**
     * Validates and copies the phases.
     *
     * @param phases the selection index per searched layer; −1 means undecided
     * @throws SearchException (INTERNAL) if the list is empty or an entry is below −1
     */
    public State {
        Objects.requireNonNull(phases, "phases");
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new SearchException(ErrorCategory.INTERNAL,
                    "Invalid state: phases = '[]'; expected one entry per searched layer");
        }
        for (int phase : phases) {
            if (phase < UNDECIDED) {
                throw new SearchException(ErrorCategory.INTERNAL, "Invalid state: phases = '" + phases
                        + "'; allowed entries: -1 (undecided) or a selection index >= 0");
            }
        }
    }

    /**
     * Creates a state from its entries.
     *
     * @param phases the selection index per searched layer, shallowest first; −1 means undecided
     * @return the state
     */
    public static State of(int... phases) {
        List<Integer> list = new ArrayList<>(phases.length);
        for (int phase : phases) {
            list.add(phase);
        }
        return new State(list);
    }

    /**
     * Returns the root state: every layer undecided, i.e. the default network.
     *
     * @param depth the number of searched layers, at least 1
     * @return the root state
     * @throws SearchException (BAD_CONFIG) if depth is below 1
     */
    public static State root(int depth) {
        if (depth < 1) {
            throw new SearchException(ErrorCategory.BAD_CONFIG,
                    "Invalid search depth: depth = '" + depth + "'; allowed: at least 1 searched layer");
        }
        return new State(Collections.nCopies(depth, UNDECIDED));
    }

    /**
     * Returns the number of searched layers.
     *
     * @return the length of the state
     */
    public int depth() {
        return phases.size();
    }

    /**
     * Returns the entry of one layer.
     *
     * @param position the layer's position, 0 = shallowest searched layer
     * @return its selection index, or −1 if undecided
     */
    public int phase(int position) {
        return phases.get(position);
    }

    /**
     * Returns the position of the first undecided layer: the layer that expanding this state decides.
     *
     * @return the first position holding −1, or −1 if every layer is decided
     */
    public int firstUndecided() {
        return phases.indexOf(UNDECIDED);
    }

    /**
     * Tells whether every layer is decided, so that the state has no children.
     *
     * @return true for a leaf
     */
    public boolean isLeaf() {
        return firstUndecided() < 0;
    }

    /**
     * Tells whether no layer is decided yet.
     *
     * @return true for the root state
     */
    public boolean isRoot() {
        return phases.stream().allMatch(phase -> phase == UNDECIDED);
    }

    /**
     * Returns this state with one layer decided.
     *
     * @param position the layer's position
     * @param phase the selection index to keep there, at least 0
     * @return the new state; this one is unchanged
     * @throws SearchException (INTERNAL) if the position is out of range or the phase is negative
     */
    public State withPhase(int position, int phase) {
        if (position < 0 || position >= phases.size() || phase < 0) {
            throw new SearchException(ErrorCategory.INTERNAL, "Invalid phase choice: position = '" + position
                    + "', phase = '" + phase + "'; allowed: position 0.." + (phases.size() - 1)
                    + " and phase >= 0");
        }
        List<Integer> changed = new ArrayList<>(phases);
        changed.set(position, phase);
        return new State(changed);
    }

    /**
     * Returns the phases the network actually computes: undecided entries read as 0. Two states with the
     * same computed phases produce the same activations.
     *
     * @return the entries with −1 replaced by 0
     */
    public List<Integer> computedPhases() {
        return phases.stream().map(phase -> Math.max(phase, 0)).toList();
    }
}
