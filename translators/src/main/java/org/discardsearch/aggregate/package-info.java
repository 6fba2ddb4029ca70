/**
 * Aggregation step: the final pre-pool feature maps of an image's candidate states become one map for the
 * model's own head ({@code docs/algorithm.md} §5).
 *
 * <p>In: per image, the candidates' maps (P×C×H×W, default state first), their unaligned logits (P×K)
 * and their cumulative displacements ({@link org.discardsearch.aggregate.Offset}). Out: one map (C×H×W),
 * owned by the manager of the candidates' maps, that the head (global average pool + linear) turns into
 * logits. {@link org.discardsearch.aggregate.Alignment} maps displaced candidates back onto the default
 * grid (§5.1); {@link org.discardsearch.aggregate.MeanAggregator} (§5.2),
 * {@link org.discardsearch.aggregate.EntropyAggregator} (§5.3) and the learned
 * {@link org.discardsearch.aggregate.AttentionAggregator} (§5.4; its trainer is a tool, in model-archives, not
 * part of what is served) combine them.
 */
package org.discardsearch.aggregate;
