package org.discardsearch.archives.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable set of labelled 28x28 grey images: Fashion-MNIST, or any part of it.
 *
 * <p>Pixels are unsigned bytes, 0 (black) to 255 (white) as stored in the IDX files, row-major, one image after
 * another. Labels are class indices in {@code [0, CLASSES)}, the order of {@link FashionMnist#CLASS_NAMES}.
 * Accessors return copies, so an instance can be shared between threads.
 */
public final class LabelledImages {

    /** Image height in pixels. */
    public static final int ROWS = 28;

    /** Image width in pixels. */
    public static final int COLUMNS = 28;

    /** Pixels per image, {@code ROWS * COLUMNS}. */
    public static final int PIXELS = ROWS * COLUMNS;

    /** Number of classes; labels lie in {@code [0, CLASSES)}. */
    public static final int CLASSES = 10;

    private final byte[] pixels;
    private final int[] labels;

    /** Trusts its arguments: callers in this package have validated them and hand over arrays nobody else holds. */
    LabelledImages(byte[] pixels, int[] labels) {
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Creates a set from pixels and labels, validating and copying both.
     *
     * @param pixels {@code labels.length * PIXELS} unsigned bytes, row-major, one image after another
     * @param labels one class index in {@code [0, CLASSES)} per image
     * @return the set
     * @throws IllegalArgumentException if the lengths disagree or a label is out of range
     */
    public static LabelledImages of(byte[] pixels, int[] labels) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if ((long) labels.length * PIXELS != pixels.length) {
            throw new IllegalArgumentException("Invalid labelled images: pixels.length = " + pixels.length
                    + "; expected labels.length * " + PIXELS + " = " + (long) labels.length * PIXELS);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= CLASSES) {
                throw new IllegalArgumentException("Invalid label: labels[" + i + "] = " + labels[i]
                        + "; expected 0.." + (CLASSES - 1));
            }
        }
        return new LabelledImages(pixels.clone(), labels.clone());
    }

    /**
     * Returns the number of images.
     *
     * @return n, 0 or more
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns a copy of one image's pixels.
     *
     * @param index the image, in {@code [0, size())}
     * @return {@link #PIXELS} unsigned bytes, row-major
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public byte[] image(int index) {
        Objects.checkIndex(index, labels.length);
        return Arrays.copyOfRange(pixels, index * PIXELS, (index + 1) * PIXELS);
    }

    /**
     * Returns one image's label.
     *
     * @param index the image, in {@code [0, size())}
     * @return its class index, in {@code [0, CLASSES)}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public int label(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }

    /**
     * Returns a copy of all labels.
     *
     * @return one class index per image
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Counts the images of each class.
     *
     * @return {@link #CLASSES} counts, indexed by class
     */
    public int[] classCounts() {
        int[] counts = new int[CLASSES];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Returns the images at the given positions, in the order given. An index may repeat (as in a bootstrap
     * sample).
     *
     * @param indices positions in {@code [0, size())}
     * @return a new set of {@code indices.length} images
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public LabelledImages subset(int[] indices) {
        byte[] subsetPixels = new byte[indices.length * PIXELS];
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = Objects.checkIndex(indices[i], labels.length);
            System.arraycopy(pixels, index * PIXELS, subsetPixels, i * PIXELS, PIXELS);
            subsetLabels[i] = labels[index];
        }
        return new LabelledImages(subsetPixels, subsetLabels);
    }

    /**
     * Creates a batch of images as an {@code (N, 28, 28, 1)} array (NHWC, one grey channel) on the given manager.
     *
     * <p>With {@link DataType#UINT8} the values are the stored bytes; with {@link DataType#FLOAT32} they are the
     * same values as floats, 0 to 255, not normalised (normalising and resizing belong to the preprocessing).
     *
     * @param manager the manager that will own the returned array; close it (or a scope above it) to free it
     * @param indices positions of the images in the batch, in {@code [0, size())}, in batch order
     * @param dataType {@link DataType#UINT8} or {@link DataType#FLOAT32}
     * @return a new array owned by {@code manager}
     * @throws IllegalArgumentException if {@code dataType} is another type
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public NDArray toNDArray(NDManager manager, int[] indices, DataType dataType) {
        Shape shape = new Shape(indices.length, ROWS, COLUMNS, 1);
        if (dataType == DataType.UINT8) {
            ByteBuffer batch = manager.allocateDirect(indices.length * PIXELS);
            for (int index : indices) {
                batch.put(pixels, Objects.checkIndex(index, labels.length) * PIXELS, PIXELS);
            }
            batch.rewind();
            return manager.create(batch, shape, DataType.UINT8);
        }
        if (dataType == DataType.FLOAT32) {
            float[] batch = new float[indices.length * PIXELS];
            for (int i = 0; i < indices.length; i++) {
                int offset = Objects.checkIndex(indices[i], labels.length) * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    batch[i * PIXELS + p] = pixels[offset + p] & 0xFF;
                }
            }
            return manager.create(batch, shape);
        }
        throw new IllegalArgumentException(
                "Unsupported data type: dataType = '" + dataType + "'; allowed: uint8, float32");
    }

    /**
     * Compares pixels and labels.
     *
     * @param other the object to compare with
     * @return whether {@code other} is a set with the same images and labels in the same order
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof LabelledImages that
                && Arrays.equals(labels, that.labels) && Arrays.equals(pixels, that.pixels);
    }

    /**
     * Hashes pixels and labels, consistently with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Arrays.hashCode(pixels);
    }

    /**
     * Describes the set by its size, never its pixels.
     *
     * @return for example {@code LabelledImages[size=10000]}
     */
    @Override
    public String toString() {
        return "LabelledImages[size=" + labels.length + "]";
    }
}
