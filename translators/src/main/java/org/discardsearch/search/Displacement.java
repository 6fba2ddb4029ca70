package org.discardsearch.search;

import java.util.List;
import java.util.Objects;
import org.discardsearch.error.ErrorCategory;

/**
 * The cumulative spatial displacement of a state, in pixels of the first searched layer's input
 * (docs/algorithm.md §3, {@code s2dxy}): dx = Σ_l (s_l mod R_l)·Π_{l'&lt;l} R_{l'} and dy likewise with
 * s_l div R_l, undecided entries read as 0. With three stride-2 layers dx = x0 + 2·x1 + 4·x2, in 0..7.
 *
 * @param dx the column displacement, at least 0
 * @param dy the row displacement, at least 0
 */
public record Displacement(int dx, int dy) {

    /**
     * Validates the displacement.
     *
     * @param dx the column displacement
     * @param dy the row displacement
     * @throws SearchException (INTERNAL) if a component is negative
     */
    public Displacement {
        if (dx < 0 || dy < 0) {
            throw new SearchException(ErrorCategory.INTERNAL,
                    "Invalid displacement: (dx, dy) = '(" + dx + ", " + dy + ")'; allowed: both >= 0");
        }
    }

    /**
     * Computes the displacement of a state.
     *
     * @param state the state, one entry per searched layer
     * @param strides the stride R_l of each searched layer, shallowest first (normally all 2)
     * @return the displacement
     * @throws SearchException (BAD_CONFIG) if the strides are invalid; (INTERNAL) if the state's length
     *     differs from the number of strides or an entry is not below R_l²
     */
    public static Displacement of(State state, List<Integer> strides) {
        Objects.requireNonNull(state, "state");
        List<Integer> checked = Strides.checked(strides);
        if (state.depth() != checked.size()) {
            throw new SearchException(ErrorCategory.INTERNAL, "State does not match the searched layers: state = '"
                    + state.phases() + "'; expected " + checked.size() + " entries for strides " + checked);
        }
        int dx = 0;
        int dy = 0;
        int scale = 1;
        for (int layer = 0; layer < checked.size(); layer++) {
            int stride = checked.get(layer);
            int phase = Math.max(state.phase(layer), 0);
            if (phase >= Strides.phaseCount(stride)) {
                throw new SearchException(ErrorCategory.INTERNAL, "Invalid phase of searched layer " + layer
                        + ": phase = '" + phase + "'; allowed: -1.." + (Strides.phaseCount(stride) - 1)
                        + " for stride " + stride);
            }
            dx += (phase % stride) * scale;
            dy += (phase / stride) * scale;
            scale *= stride;
        }
        return new Displacement(dx, dy);
    }

    /**
     * Returns dx + dy, the score of the {@code delta} criterion.
     *
     * @return the sum of both components
     */
    public int sum() {
        return dx + dy;
    }
}
