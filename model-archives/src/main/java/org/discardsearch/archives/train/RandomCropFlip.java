package org.discardsearch.archives.train;

import java.util.Objects;
import java.util.Random;
import org.discardsearch.archives.data.LabelledImages;

/**
 * The training augmentation, applied to the 28x28 pixels before the serving preprocessing: a random crop of the
 * image padded with black by {@code padding} pixels on each side (torchvision's
 * {@code RandomCrop(28, padding)}), then a horizontal flip with probability 1/2.
 *
 * <p>It works on the stored bytes in Java, one batch at a time, which is cheaper than cropping tensors. For each
 * image, in batch order, it draws from the given {@link Random}: the crop's row offset
 * {@code nextInt(2 * padding + 1)}, its column offset (same), then {@code nextBoolean()} for the flip; so a batch
 * depends only on the images and the generator's state. With {@code padding = 0} and no flip it is the identity.
 *
 * <p>Immutable and thread-safe (the generator passed in is not).
 */
public final class RandomCropFlip {

    private static final int ROWS = LabelledImages.ROWS;
    private static final int COLUMNS = LabelledImages.COLUMNS;
    private static final int PIXELS = LabelledImages.PIXELS;

    private final int padding;
    private final boolean flip;

    private RandomCropFlip(int padding, boolean flip) {
        this.padding = padding;
        this.flip = flip;
    }

    /**
     * Creates the augmentation.
     *
     * @param padding black pixels added on each side before cropping, in [0, 27]; the shift is at most this
     * @param flip whether to flip horizontally with probability 1/2
     * @return the augmentation
     * @throws IllegalArgumentException if {@code padding} is out of range
     */
    public static RandomCropFlip of(int padding, boolean flip) {
        if (padding < 0 || padding >= COLUMNS) {
            throw new IllegalArgumentException(
                    "Invalid value '" + padding + "' for padding; allowed: 0.." + (COLUMNS - 1));
        }
        return new RandomCropFlip(padding, flip);
    }

    /**
     * Returns the padding, the largest shift in pixels.
     *
     * @return the padding
     */
    public int padding() {
        return padding;
    }

    /**
     * Returns whether images are flipped horizontally with probability 1/2.
     *
     * @return whether the flip is on
     */
    public boolean flip() {
        return flip;
    }

    /**
     * Augments a batch of images.
     *
     * @param images the images
     * @param indices positions of the batch's images in {@code images}, in batch order
     * @param random the generator to draw from; advanced by three draws per image
     * @return {@code indices.length * 784} unsigned bytes, row-major, one augmented image after another
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public byte[] apply(LabelledImages images, int[] indices, Random random) {
        Objects.requireNonNull(random, "random");
        byte[] batch = new byte[indices.length * PIXELS];
        int span = 2 * padding + 1;
        for (int i = 0; i < indices.length; i++) {
            byte[] image = images.image(indices[i]);
            int dy = random.nextInt(span) - padding;
            int dx = random.nextInt(span) - padding;
            boolean mirror = random.nextBoolean() && flip;
            write(image, dy, dx, mirror, batch, i * PIXELS);
        }
        return batch;
    }

    /** Writes output(r, c) = image(r + dy, c' + dx), c' = 27 - c when mirrored, black outside the image. */
    private static void write(byte[] image, int dy, int dx, boolean mirror, byte[] out, int offset) {
        for (int r = 0; r < ROWS; r++) {
            int sourceRow = r + dy;
            if (sourceRow < 0 || sourceRow >= ROWS) {
                continue; // the array is already zero, i.e. black
            }
            int rowStart = sourceRow * COLUMNS;
            int outRow = offset + r * COLUMNS;
            for (int c = 0; c < COLUMNS; c++) {
                int sourceColumn = (mirror ? COLUMNS - 1 - c : c) + dx;
                if (sourceColumn >= 0 && sourceColumn < COLUMNS) {
                    out[outRow + c] = image[rowStart + sourceColumn];
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RandomCropFlip[padding=" + padding + ", flip=" + flip + "]";
    }
}
