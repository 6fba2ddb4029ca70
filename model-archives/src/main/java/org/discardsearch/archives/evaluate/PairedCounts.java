package org.discardsearch.archives.evaluate;

import org.discardsearch.stats.McNemarTest;
import org.discardsearch.stats.PairedAccuracyDifference;

/**
 * How a method's predictions compare with the plain model's on the same labelled images: the four cells of the
 * paired 2x2 table, from which the accuracy, the gain with its 95% interval and the exact McNemar p-value follow.
 *
 * @param images images compared
 * @param bothRight images both got right
 * @param flippedRight images only the method got right (the plain model was wrong)
 * @param flippedWrong images only the plain model got right (the method broke them)
 * @param bothWrong images both got wrong
 */
public record PairedCounts(long images, long bothRight, long flippedRight, long flippedWrong, long bothWrong) {

    /**
     * Validates the cells.
     *
     * @throws IllegalArgumentException if a cell is negative or they do not sum to the image count
     */
    public PairedCounts {
        if (bothRight < 0 || flippedRight < 0 || flippedWrong < 0 || bothWrong < 0
                || bothRight + flippedRight + flippedWrong + bothWrong != images) {
            throw new IllegalArgumentException("Invalid paired counts: " + bothRight + " + " + flippedRight + " + "
                    + flippedWrong + " + " + bothWrong + " != " + images);
        }
    }

    /**
     * Counts the cells over some images.
     *
     * @param labels the label of every image
     * @param reference the plain model's prediction of every image
     * @param method the method's prediction of every image
     * @param subset positions of the images to count, or null for all
     * @return the counts
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static PairedCounts of(int[] labels, int[] reference, int[] method, int[] subset) {
        if (labels.length != reference.length || labels.length != method.length) {
            throw new IllegalArgumentException("Predictions do not match the labels: " + labels.length + " labels, "
                    + reference.length + " and " + method.length + " predictions");
        }
        long bothRight = 0;
        long flippedRight = 0;
        long flippedWrong = 0;
        long bothWrong = 0;
        int n = subset == null ? labels.length : subset.length;
        for (int j = 0; j < n; j++) {
            int i = subset == null ? j : subset[j];
            boolean referenceRight = reference[i] == labels[i];
            boolean methodRight = method[i] == labels[i];
            if (referenceRight && methodRight) {
                bothRight++;
            } else if (methodRight) {
                flippedRight++;
            } else if (referenceRight) {
                flippedWrong++;
            } else {
                bothWrong++;
            }
        }
        return new PairedCounts(n, bothRight, flippedRight, flippedWrong, bothWrong);
    }

    /**
     * Returns the method's correct images.
     *
     * @return both right plus flipped right
     */
    public long methodCorrect() {
        return bothRight + flippedRight;
    }

    /**
     * Returns the method's top-1 accuracy.
     *
     * @return in [0, 1]; NaN without images
     */
    public double methodAccuracy() {
        return (double) methodCorrect() / images;
    }

    /**
     * Returns the plain model's top-1 accuracy.
     *
     * @return in [0, 1]; NaN without images
     */
    public double referenceAccuracy() {
        return (double) (bothRight + flippedWrong) / images;
    }

    /**
     * Returns the gain over the plain model with its paired 95% interval.
     *
     * @return the method's accuracy minus the plain model's
     */
    public PairedAccuracyDifference gain() {
        return PairedAccuracyDifference.of(images, flippedWrong, flippedRight);
    }

    /**
     * Returns the exact two-sided McNemar p-value of the difference.
     *
     * @return in [0, 1]
     */
    public double mcNemarP() {
        return McNemarTest.pValue(flippedWrong, flippedRight);
    }
}
