package org.discardsearch.onnx;

import java.util.Arrays;

/**
 * A float32 tensor in Java memory, row-major, as it crosses into and out of ONNX Runtime. The arrays are the
 * caller's: nothing is copied, so the caller must not change them while the tensor is in use.
 */
public final class FloatTensor {

    private final long[] shape;
    private final float[] values;

    /**
     * Wraps values of a shape.
     *
     * @param shape the dimensions, each at least 0
     * @param values as many values as the shape holds
     * @throws IllegalArgumentException if the count does not match the shape
     */
    public FloatTensor(long[] shape, float[] values) {
        long size = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size *= dim;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
        this.shape = shape;
        this.values = values;
    }

    /**
     * Returns the dimensions.
     *
     * @return the shape array itself
     */
    public long[] shape() {
        return shape;
    }

    /**
     * Returns the values, row-major.
     *
     * @return the value array itself
     */
    public float[] values() {
        return values;
    }
}
