package org.discardsearch.archives.train.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.discardsearch.aggregate.CandidateChecks;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Precomputed candidate sets with their labels, the input of {@link AttentionTrainer}: for each of M images,
 * the P candidates' final maps as the attention module should see them (aligned if the search aligns) and
 * their displacements.
 *
 * <p>The arrays stay on the manager the caller created them on; the caller owns and closes it. The trainer
 * temporarily attaches them to its per-batch sub-managers, so they must not be used by another thread while
 * a trainer reads them.
 */
public final class CandidateDataset {

    private final NDArray features;
    private final NDArray displacements;
    private final int[] labels;

    /**
     * Wraps the arrays of M images with P candidates each.
     *
     * @param features the maps, shape (M, P, C, H, W), floating point
     * @param displacements the displacements (dx, dy), shape (M, P, 2), integer type
     * @param labels M class indices, each at least 0; copied
     * @throws DiscardSearchException (INTERNAL) naming the array whose shape or type is wrong
     */
    public CandidateDataset(NDArray features, NDArray displacements, int[] labels) {
        Shape shape = features.getShape();
        if (shape.dimension() != 5 || shape.get(0) < 1 || shape.get(1) < 1 || !features.getDataType().isFloating()) {
            throw CandidateChecks.fail("training maps", shape, "floating point (M, P, C, H, W) with M, P >= 1");
        }
        Shape pairs = displacements.getShape();
        DataType type = displacements.getDataType();
        if (pairs.dimension() != 3 || pairs.get(0) != shape.get(0) || pairs.get(1) != shape.get(1)
                || pairs.get(2) != 2 || !type.isInteger()) {
            throw CandidateChecks.fail("training displacements", pairs,
                    "integer (" + shape.get(0) + ", " + shape.get(1) + ", 2)");
        }
        if (labels.length != shape.get(0)) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Labels do not match the training maps: count = '"
                    + labels.length + "'; expected " + shape.get(0));
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DiscardSearchException(ErrorCategory.INTERNAL,
                        "Invalid training label: label[" + i + "] = '" + labels[i] + "'; expected >= 0");
            }
        }
        this.features = features;
        this.displacements = displacements;
        this.labels = labels.clone();
    }

    /**
     * Returns M, the number of images.
     *
     * @return the number of images
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the maps, shape (M, P, C, H, W), owned by the caller's manager.
     *
     * @return the maps
     */
    NDArray features() {
        return features;
    }

    /**
     * Returns the displacements, shape (M, P, 2), owned by the caller's manager.
     *
     * @return the displacements
     */
    NDArray displacements() {
        return displacements;
    }

    /**
     * Returns the label of image {@code index}.
     *
     * @param index the image index
     * @return its class index
     */
    int label(int index) {
        return labels[index];
    }
}
