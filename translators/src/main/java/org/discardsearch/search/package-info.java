/**
 * Step 4 of the data flow: the budgeted search over per-layer phase choices (docs/algorithm.md §3, §4).
 *
 * <p>In: the strides of the searched subsampling layers, a budget B (the number of states to keep), a
 * {@link org.discardsearch.search.SearchOrderKind} and a {@link org.discardsearch.search.Criterion}. Out: per
 * image, the B evaluated {@link org.discardsearch.search.Node}s (state, displacement, logits) that the
 * aggregation step combines. Everything here is plain Java: the network is reached only through the
 * {@link org.discardsearch.search.Expander} interface, whose implementations own the tensors and key them
 * by (image, {@link org.discardsearch.search.Node#id()}).
 *
 * <p>{@link org.discardsearch.search.SearchTree} holds one image's search;
 * {@link org.discardsearch.search.SearchDriver} moves many trees in lockstep and batches their expansions.
 * Nothing in this package is thread-safe; one search runs on one thread.
 */
package org.discardsearch.search;

import org.discardsearch.config.SearchOrderKind;
