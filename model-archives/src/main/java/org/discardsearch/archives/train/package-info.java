/**
 * Training step of the model-archives tools: trains a backbone ({@link org.discardsearch.network.SegmentedNetwork})
 * on the train part of the Fashion-MNIST split, deterministically from a seed.
 *
 * <p>In: {@link org.discardsearch.archives.data.FashionMnist} and the settings of a
 * {@link org.discardsearch.archives.train.BackboneTrainer}. Out: a
 * {@link org.discardsearch.archives.train.TrainedBackbone}, whose parameters file and
 * {@link org.discardsearch.archives.train.TrainingReport} (settings, normalisation, accuracies, provenance) the
 * packaging step reads. Imports {@code data} and the core's {@code network} and {@code image} steps.
 */
package org.discardsearch.archives.train;
