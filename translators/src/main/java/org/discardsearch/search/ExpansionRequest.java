package org.discardsearch.search;

import java.util.List;
import java.util.Objects;
import org.discardsearch.error.ErrorCategory;

/**
 * What the {@link SearchDriver} asks an {@link Expander} to compute for one image: the children of one
 * expansion, for some or all of its phases.
 *
 * @param image the image's index in the list of trees given to the driver
 * @param expansion the expansion, with its parent node, state and position
 * @param phases the phases k to compute now, a non-empty subsequence of
 *     {@code expansion.phasesToCompute()}
 */
public record ExpansionRequest(int image, Expansion expansion, List<Integer> phases) {

    /**
     * Validates and copies the components.
     *
     * @param image the image index
     * @param expansion the expansion
     * @param phases the phases to compute now
     * @throws SearchException (INTERNAL) if the image index is negative or the phases are empty or not
     *     part of the expansion
     */
    public ExpansionRequest {
        Objects.requireNonNull(expansion, "expansion");
        phases = List.copyOf(phases);
        if (image < 0 || phases.isEmpty() || !expansion.phasesToCompute().containsAll(phases)) {
            throw new SearchException(ErrorCategory.INTERNAL, "Invalid expansion request: image = '" + image
                    + "', phases = '" + phases + "'; expected image >= 0 and a non-empty subset of "
                    + expansion.phasesToCompute());
        }
    }

    /**
     * Returns the node whose activations the children start from.
     *
     * @return the expansion's parent (the root for an image's first call)
     */
    public Node parent() {
        return expansion.parent();
    }

    /**
     * Returns the layer being decided.
     *
     * @return the expansion's position
     */
    public int position() {
        return expansion.position();
    }

    /**
     * Returns the states to compute, in the order of {@link #phases()}.
     *
     * @return one child state per requested phase
     */
    public List<State> childStates() {
        return phases.stream().map(expansion::childState).toList();
    }
}
