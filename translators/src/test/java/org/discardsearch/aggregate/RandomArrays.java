package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Seeded Gaussian arrays for tests. */
final class RandomArrays {

    private RandomArrays() {}

    /**
     * Returns N(0, 1) values.
     *
     * @param random the source
     * @param size how many
     * @return the values
     */
    static float[] gaussian(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /**
     * Returns an N(0, 1) array of the given shape on {@code manager}.
     *
     * @param manager the owner
     * @param random the source
     * @param shape the shape
     * @return the array
     */
    static NDArray gaussian(NDManager manager, Random random, Shape shape) {
        return manager.create(gaussian(random, Math.toIntExact(shape.size())), shape);
    }
}
