package org.discardsearch.archives.train.attention;

/**
 * Mean loss and accuracy of the head on attention-aggregated maps over a {@link CandidateDataset}.
 *
 * @param loss the mean softmax cross-entropy per image
 * @param accuracy the fraction of images whose top-1 class is the label, in [0, 1]
 * @param images the number of images evaluated
 */
public record Evaluation(double loss, double accuracy, int images) {}
