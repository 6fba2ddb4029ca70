/**
 * The whole discard-search computation as one DJL block: the segmented network, the budgeted search over its
 * subsampling phases, aggregation of the chosen final maps and the model's own head. In: normalised images and
 * per-image budgets. Out: aggregated logits and per-image search statistics. This package brings the earlier
 * steps together; only the DJL adapters ({@code djl}) and tools use it.
 */
package org.discardsearch.pipeline;
