package org.discardsearch.onnx;

/** What the cells outside the input hold for a subsampling node, and so for its shifted phases (§2.4). */
public enum PadFill {
    /** Zeros: convolutions, and average pools that count the padding. */
    ZERO,
    /** Minus infinity: max pools, so a padded cell never wins. */
    MINUS_INFINITY,
    /** Not counted: average pools with {@code count_include_pad = 0}, which divide by the real cells only. */
    EXCLUDED
}
