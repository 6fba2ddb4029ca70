package org.discardsearch.search;

import java.util.List;
import java.util.Objects;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.SearchOrderKind;

/**
 * One expansion picked by a {@link SearchTree}: which node to expand, at which layer, and which phases of
 * that layer must be computed. Hand it back to the same tree with the children's logits.
 *
 * @param parent the node whose activations the children start from (the root for the first expansion)
 * @param state the state being expanded: the parent's state, except in {@link SearchOrderKind#BEST_FIRST}
 *     where earlier expansions of the parent may have set some of its undecided layers to 0 (the same
 *     computation)
 * @param position the layer being decided, the first undecided position of {@code state}
 * @param phasesToCompute the phases k of that layer whose children must be computed, ascending; the
 *     child for k is {@code state.withPhase(position, k)}
 */
public record Expansion(Node parent, State state, int position, List<Integer> phasesToCompute) {

    /**
     * Validates and copies the components.
     *
     * @param parent the node the children start from
     * @param state the state being expanded
     * @param position the layer being decided
     * @param phasesToCompute the phases to compute, ascending
     * @throws SearchException (INTERNAL) if the position is not the state's first undecided layer or no
     *     phase is requested
     */
    public Expansion {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(state, "state");
        phasesToCompute = List.copyOf(phasesToCompute);
        if (position < 0 || position != state.firstUndecided()) {
            throw new SearchException(ErrorCategory.INTERNAL, "Invalid expansion position: position = '"
                    + position + "'; expected the first undecided layer of state " + state.phases());
        }
        if (phasesToCompute.isEmpty()) {
            throw new SearchException(ErrorCategory.INTERNAL, "Empty expansion of state " + state.phases()
                    + ": phasesToCompute = '[]'; expected at least one phase");
        }
    }

    /**
     * Tells whether this is the expansion of the root, the first network call of an image.
     *
     * @return true if the parent is the root
     */
    public boolean isRoot() {
        return parent.isRoot();
    }

    /**
     * Returns the state of the child that keeps phase k at the expanded layer.
     *
     * @param phase the phase k
     * @return {@code state().withPhase(position(), phase)}
     */
    public State childState(int phase) {
        return state.withPhase(position, phase);
    }
}
