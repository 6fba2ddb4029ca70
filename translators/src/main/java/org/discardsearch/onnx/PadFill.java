package org.discardsearch.onnx;

/** What the cells outside the input hold for a subsampling node, and so for its shifted phases (§2.4). */
public enum PadFill {
    /** Zeros: convolutions, and average pools that count the padding. */
    ZERO,
    /** Minus infinity: max pools, so a padded cell never wins. */
    MINUS_INFINITY,
    /** Not counted: average pools with {@code count_include_pad = 0}, which divide by the real cells only. */
    EXCLUDED;

    /**
     * Returns what a {@link PhaseShift} fills the cells it brings in with, for a node that pads this way. Those
     * cells enter only windows that reach past the input, and an excluding average pool counts them there.
     *
     * @return 0, or minus infinity for {@link #MINUS_INFINITY}
     */
    public float shiftValue() {
        return this == MINUS_INFINITY ? Float.NEGATIVE_INFINITY : 0f;
    }
}
