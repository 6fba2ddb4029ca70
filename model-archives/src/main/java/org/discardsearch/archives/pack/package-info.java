/**
 * Packaging step of the model-archives tools: writes a DJL Serving model archive (the folder and a zip of it)
 * from a trained backbone, a trained attention aggregator and the configuration the calibration split chose, with
 * a model card that reports the evaluation.
 *
 * <p>In: {@link org.discardsearch.archives.train.BackboneFiles}, an attention folder, and the
 * {@link org.discardsearch.archives.evaluate.EvaluationReport}s of the calibration and test splits. Out: the
 * archive folder under {@code model-archives/archives/}. Imports {@code data}, {@code train}, {@code evaluate} and
 * the core.
 */
package org.discardsearch.archives.pack;
