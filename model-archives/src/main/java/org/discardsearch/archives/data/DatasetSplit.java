package org.discardsearch.archives.data;

import java.util.Objects;
import java.util.Random;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * The fixed, seeded split of Fashion-MNIST: the 60,000 train images become 55,000 train and 5,000 calibration
 * images, stratified (500 of each class go to calibration); the 10,000 test images are kept as they are.
 *
 * <p>Everything that is tuned (aggregator training, early-exit threshold, model selection) uses only the
 * calibration part; the test part is read once, never tuned on.
 *
 * <p><b>How the split is drawn</b>, so that it can be reproduced in any language. One
 * {@link java.util.Random} is created with the seed ({@link #DEFAULT_SEED} by default); its generator is the
 * 48-bit linear congruential generator specified in that class's javadoc. For each class c = 0, 1, ..., 9 in
 * turn, the positions of the class's images in the train file are listed in ascending order and shuffled with
 * Fisher-Yates, drawing from the same generator: for i = n-1 down to 1, swap the entries at i and
 * {@code random.nextInt(i + 1)}. The first {@code calibrationPerClass} positions of the shuffled list go to
 * calibration, the rest to train. Both parts are then sorted by position, so each keeps the file order.
 * The two parts are disjoint and together cover every train image exactly once.
 *
 * <p>Immutable and thread-safe.
 */
public final class DatasetSplit {

    /** Seed of the project's split. */
    public static final long DEFAULT_SEED = 20241001L;

    /** Calibration images per class in the project's split: 10 x 500 = 5,000. */
    public static final int DEFAULT_CALIBRATION_PER_CLASS = 500;

    private final long seed;
    private final int[] trainIndices;
    private final int[] calibrationIndices;
    private final LabelledImages train;
    private final LabelledImages calibration;
    private final LabelledImages test;

    private DatasetSplit(long seed, int[] trainIndices, int[] calibrationIndices, LabelledImages train,
            LabelledImages calibration, LabelledImages test) {
        this.seed = seed;
        this.trainIndices = trainIndices;
        this.calibrationIndices = calibrationIndices;
        this.train = train;
        this.calibration = calibration;
        this.test = test;
    }

    /**
     * Splits the dataset the project's way: seed {@value #DEFAULT_SEED}, 500 calibration images per class.
     *
     * @param data the loaded dataset
     * @return 55,000 train, 5,000 calibration and 10,000 test images for the real dataset
     * @throws DiscardSearchException (BAD_INPUT) if a class has fewer than 500 train images
     */
    public static DatasetSplit of(FashionMnist data) {
        return of(data, DEFAULT_SEED);
    }

    /**
     * Splits the dataset with another seed, 500 calibration images per class.
     *
     * @param data the loaded dataset
     * @param seed the seed of the {@link java.util.Random} that draws the split
     * @return the split
     * @throws DiscardSearchException (BAD_INPUT) if a class has fewer than 500 train images
     */
    public static DatasetSplit of(FashionMnist data, long seed) {
        return of(data.train(), data.test(), seed, DEFAULT_CALIBRATION_PER_CLASS);
    }

    /**
     * Splits a train pool into train and calibration parts as described in the class javadoc.
     *
     * @param pool the images to split (Fashion-MNIST's train file)
     * @param test the test images, kept as they are
     * @param seed the seed of the {@link java.util.Random} that draws the split
     * @param calibrationPerClass how many images of each class go to calibration, 0 or more
     * @return the split
     * @throws IllegalArgumentException if {@code calibrationPerClass} is negative
     * @throws DiscardSearchException (BAD_INPUT) if a class has fewer than {@code calibrationPerClass} images
     */
    public static DatasetSplit of(LabelledImages pool, LabelledImages test, long seed, int calibrationPerClass) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(test, "test");
        if (calibrationPerClass < 0) {
            throw new IllegalArgumentException(
                    "Invalid split: calibrationPerClass = " + calibrationPerClass + "; expected >= 0");
        }
        int[] counts = pool.classCounts();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < calibrationPerClass) {
                throw new DiscardSearchException(ErrorCategory.BAD_INPUT, String.format("Cannot split: class %d"
                        + " (%s) has %d train images; expected at least %d for calibration",
                        c, FashionMnist.CLASS_NAMES.get(c), counts[c], calibrationPerClass));
            }
        }
        Random random = new Random(seed);
        int[] labels = pool.labels();
        boolean[] toCalibration = new boolean[labels.length];
        for (int c = 0; c < counts.length; c++) {
            int[] positions = new int[counts[c]];
            int n = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    positions[n++] = i;
                }
            }
            for (int i = positions.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = positions[i];
                positions[i] = positions[j];
                positions[j] = swap;
            }
            for (int k = 0; k < calibrationPerClass; k++) {
                toCalibration[positions[k]] = true;
            }
        }
        int calibrationSize = calibrationPerClass * counts.length;
        int[] calibrationIndices = new int[calibrationSize];
        int[] trainIndices = new int[labels.length - calibrationSize];
        int nextCalibration = 0;
        int nextTrain = 0;
        for (int i = 0; i < labels.length; i++) {
            if (toCalibration[i]) {
                calibrationIndices[nextCalibration++] = i;
            } else {
                trainIndices[nextTrain++] = i;
            }
        }
        return new DatasetSplit(seed, trainIndices, calibrationIndices, pool.subset(trainIndices),
                pool.subset(calibrationIndices), test);
    }

    /**
     * Returns the seed the split was drawn with.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the train part: 55,000 images for the project's split, in train-file order.
     *
     * @return the train images
     */
    public LabelledImages train() {
        return train;
    }

    /**
     * Returns the calibration part: 5,000 images (500 per class) for the project's split, in train-file order.
     *
     * @return the calibration images
     */
    public LabelledImages calibration() {
        return calibration;
    }

    /**
     * Returns the test part, the test file unchanged.
     *
     * @return the test images
     */
    public LabelledImages test() {
        return test;
    }

    /**
     * Returns the positions in the train file of the train part's images, ascending.
     *
     * @return a new array; {@code train().image(k)} is the pool's image {@code trainIndices()[k]}
     */
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /**
     * Returns the positions in the train file of the calibration part's images, ascending.
     *
     * @return a new array; {@code calibration().image(k)} is the pool's image {@code calibrationIndices()[k]}
     */
    public int[] calibrationIndices() {
        return calibrationIndices.clone();
    }

    /**
     * Describes the split by its seed and sizes.
     *
     * @return for example {@code DatasetSplit[seed=20241001, train=55000, calibration=5000, test=10000]}
     */
    @Override
    public String toString() {
        return "DatasetSplit[seed=" + seed + ", train=" + train.size() + ", calibration=" + calibration.size()
                + ", test=" + test.size() + "]";
    }
}
