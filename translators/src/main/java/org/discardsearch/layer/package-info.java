/**
 * Offset-selectable subsampling layers: step two of the data flow. A stride-R layer keeps one of R×R spatial
 * phases of its stride-1 result; these blocks can keep the default phase, any chosen phases, or all of them,
 * stacked into the batch, without ever changing the output's spatial shape (docs/algorithm.md §2.3–§2.5).
 * In: activations (N, C, H, W). Out: activations (N·k, C', H', W') for k requested phases.
 */
package org.discardsearch.layer;
