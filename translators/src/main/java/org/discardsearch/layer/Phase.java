package org.discardsearch.layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One spatial phase of a stride-R subsampling layer: the kept output cell (i, j) reads the window whose top-left
 * corner is (i·R + dy, j·R + dx) in padded-input coordinates. Phase (0, 0) is what the stock layer computes.
 *
 * @param dy row offset, in [0, R)
 * @param dx column offset, in [0, R)
 */
public record Phase(int dy, int dx) {

    /** The default phase, the one every stock subsampling layer keeps. */
    public static final Phase ORIGIN = new Phase(0, 0);

    /**
     * Validates the offsets.
     *
     * @throws IllegalArgumentException if an offset is negative
     */
    public Phase {
        if (dy < 0 || dx < 0) {
            throw new IllegalArgumentException("Phase offsets must be >= 0, got dy=" + dy + ", dx=" + dx);
        }
    }

    /**
     * Returns the phase of a selection index, with dx = s mod R and dy = s div R (docs/algorithm.md §2.3).
     *
     * @param index the selection index s in [0, R²)
     * @param stride the layer's stride R
     * @return the phase
     */
    public static Phase ofIndex(int index, int stride) {
        if (index < 0 || index >= stride * stride) {
            throw new IllegalArgumentException(
                    "Phase index " + index + " is outside [0, " + stride * stride + ") for stride " + stride);
        }
        return new Phase(index / stride, index % stride);
    }

    /**
     * Returns all R² phases in selection-index order (0,0), (0,1), …, (R−1,R−1).
     *
     * @param stride the layer's stride R
     * @return the phases, index s at position s
     */
    public static List<Phase> all(int stride) {
        List<Phase> phases = new ArrayList<>(stride * stride);
        for (int s = 0; s < stride * stride; s++) {
            phases.add(ofIndex(s, stride));
        }
        return Collections.unmodifiableList(phases);
    }

    /**
     * Returns this phase's selection index for a layer of the given stride.
     *
     * @param stride the layer's stride R
     * @return dy·R + dx
     */
    public int index(int stride) {
        if (dy >= stride || dx >= stride) {
            throw new IllegalArgumentException("Phase " + this + " does not exist for stride " + stride);
        }
        return dy * stride + dx;
    }

    /**
     * Returns whether this is the default phase.
     *
     * @return true for (0, 0)
     */
    public boolean isOrigin() {
        return dy == 0 && dx == 0;
    }
}
