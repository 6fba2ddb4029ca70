/**
 * Offline A/B evaluation step of the model-archives tools: runs a split of Fashion-MNIST through the plain model,
 * discard search (every budget of a spec from one search, {@link org.discardsearch.archives.evaluate.SplitRunner}),
 * early exit, flip TTA and 1-pixel shift TTA, and scores each method against the plain model with the gain's 95%
 * interval and the exact McNemar test; measures each subsampling layer's phase sensitivity; chooses the archive's
 * configuration on the calibration split; writes JSON, Markdown tables and a PNG plot.
 *
 * <p>In: a trained backbone ({@code train}) and optional trained attention modules. Out: an
 * {@link org.discardsearch.archives.evaluate.EvaluationReport}. Imports {@code data}, {@code train} and the core.
 */
package org.discardsearch.archives.evaluate;
