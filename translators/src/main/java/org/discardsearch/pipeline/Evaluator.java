package org.discardsearch.pipeline;

/** Which state evaluator computes the searched states. */
public enum Evaluator {
    /** Prefix reuse, only new phases, batched across states and images: what serving uses. */
    PREFIX_REUSE,
    /** Every state recomputed from the image on its own: the yardstick for tests and benchmarks. */
    REFERENCE
}
