package org.discardsearch.onnx;

/**
 * The spatial size of a feature map.
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 */
public record Resolution(long height, long width) {

    /** Validates. */
    public Resolution {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("resolution " + height + "x" + width + "; expected at least 1x1");
        }
    }

    /**
     * Returns the last two dimensions of an NCHW shape.
     *
     * @param shape a shape of rank 4
     * @return its height and width
     */
    static Resolution ofNchw(long[] shape) {
        if (shape.length != 4) {
            throw new IllegalArgumentException("expected an NCHW shape, got rank " + shape.length);
        }
        return new Resolution(shape[2], shape[3]);
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
