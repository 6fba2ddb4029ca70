package org.discardsearch.archives.train;

import java.util.Objects;
import org.discardsearch.config.Architecture;

/**
 * Everything that determines a training run, as validated by {@link BackboneTrainer.Builder#build()}: its data
 * order, augmentation and initial weights; see {@link BackboneTrainer} for how far the arithmetic is reproducible.
 *
 * @param architecture the network, {@link Architecture#COMPACT_RESNET} or {@link Architecture#COMPACT_MOBILENETV2}
 * @param width the network's width (first stage's channels)
 * @param seed seeds parameter initialisation (the engine's generator), shuffling and augmentation (one
 *     {@link java.util.Random}), 0 or more
 * @param epochs passes over the train images
 * @param batchSize images per optimizer step
 * @param baseLearningRate the peak learning rate for a batch of 128; the run uses it scaled linearly by
 *     {@code batchSize / 128} ({@link #learningRate()})
 * @param momentum Nesterov momentum
 * @param weightDecay L2 decay of the convolution and fully connected weights
 * @param warmupEpochs epochs of linear learning-rate warm-up before the cosine decay
 * @param augmentation whether the random 2-pixel crop and horizontal flip are applied
 * @param splitSeed seed of the {@link org.discardsearch.archives.data.DatasetSplit}
 * @param limit if above 0, at most this many images of each part (train, calibration, test) are used: for smoke
 *     runs whose numbers are not comparable; 0 uses all
 */
public record TrainingSettings(Architecture architecture, int width, int seed, int epochs, int batchSize,
        float baseLearningRate, float momentum, float weightDecay, int warmupEpochs, boolean augmentation,
        long splitSeed, int limit) {

    /** The batch size at which {@link #baseLearningRate()} applies unscaled. */
    public static final int REFERENCE_BATCH_SIZE = 128;

    /** The crop padding of the augmentation, in pixels. */
    public static final int CROP_PADDING = 2;

    /**
     * Checks that the architecture is present; the builder has validated the ranges.
     *
     * @throws NullPointerException if {@code architecture} is null
     */
    public TrainingSettings {
        Objects.requireNonNull(architecture, "architecture");
    }

    /**
     * Returns the peak learning rate of this run, {@code baseLearningRate * batchSize / 128}.
     *
     * @return the peak learning rate
     */
    public float learningRate() {
        return baseLearningRate * batchSize / REFERENCE_BATCH_SIZE;
    }
}
