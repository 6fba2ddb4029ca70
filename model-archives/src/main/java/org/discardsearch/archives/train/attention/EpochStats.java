package org.discardsearch.archives.train.attention;

/**
 * What one training epoch of {@link AttentionTrainer} gave.
 *
 * @param epoch the epoch number, from 1
 * @param trainLoss the mean training loss per image over the epoch (with dropout)
 * @param heldOut loss and accuracy on the held-out set after the epoch
 * @param imagesPerSecond training throughput of the epoch, evaluation excluded
 */
public record EpochStats(int epoch, double trainLoss, Evaluation heldOut, double imagesPerSecond) {}
