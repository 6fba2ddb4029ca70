package org.discardsearch.archives.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.discardsearch.archives.data.LabelledImages;

/**
 * One test-time view of a 28x28 image, made on the stored pixels before the serving preprocessing: optionally
 * mirrored left to right, then moved by whole pixels with black (0) fill, which is Fashion-MNIST's background.
 *
 * @param name the view's name in reports, e.g. {@code flip} or {@code shift(1,0)}
 * @param flip whether the image is mirrored left to right
 * @param dx pixels moved to the right (negative: to the left)
 * @param dy pixels moved down (negative: up)
 */
public record ImageView(String name, boolean flip, int dx, int dy) {

    /** The image as it is. */
    public static final ImageView ORIGINAL = new ImageView("original", false, 0, 0);

    /** The image mirrored left to right. */
    public static final ImageView FLIP = new ImageView("flip", true, 0, 0);

    /** The eight 1-pixel moves, in the order 1-pixel shift TTA adds them to the original. */
    public static final List<ImageView> ONE_PIXEL_SHIFTS = List.of(shift(1, 0), shift(-1, 0), shift(0, 1),
            shift(0, -1), shift(1, 1), shift(-1, -1), shift(1, -1), shift(-1, 1));

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a move is 28 pixels or more
     */
    public ImageView {
        Objects.requireNonNull(name, "name");
        if (Math.abs(dx) >= LabelledImages.COLUMNS || Math.abs(dy) >= LabelledImages.ROWS) {
            throw new IllegalArgumentException("Invalid view " + name + ": move (" + dx + ", " + dy
                    + ") leaves nothing of a 28x28 image");
        }
    }

    /**
     * Returns the view that moves the image by whole pixels.
     *
     * @param dx pixels to the right
     * @param dy pixels down
     * @return the view, named {@code shift(dx,dy)}
     */
    public static ImageView shift(int dx, int dy) {
        return new ImageView("shift(" + dx + "," + dy + ")", false, dx, dy);
    }

    /**
     * Applies the view to one image's pixels.
     *
     * @param pixels 28x28 unsigned bytes, row-major; not modified
     * @return the new pixels
     */
    public byte[] apply(byte[] pixels) {
        int rows = LabelledImages.ROWS;
        int columns = LabelledImages.COLUMNS;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < rows; y++) {
            int sourceY = y - dy;
            if (sourceY < 0 || sourceY >= rows) {
                continue;
            }
            for (int x = 0; x < columns; x++) {
                int sourceX = x - dx;
                if (sourceX < 0 || sourceX >= columns) {
                    continue;
                }
                int column = flip ? columns - 1 - sourceX : sourceX;
                out[y * columns + x] = pixels[sourceY * columns + column];
            }
        }
        return out;
    }

    /**
     * Creates a batch of images in this view, as {@link LabelledImages#toNDArray} lays them out.
     *
     * @param images the images
     * @param indices the positions of the batch's images
     * @param manager owns the result
     * @return (N, 28, 28, 1) uint8
     */
    public NDArray pixels(LabelledImages images, int[] indices, NDManager manager) {
        if (this.equals(ORIGINAL)) {
            return images.toNDArray(manager, indices, DataType.UINT8);
        }
        ByteBuffer batch = manager.allocateDirect(indices.length * LabelledImages.PIXELS);
        for (int index : indices) {
            batch.put(apply(images.image(index)));
        }
        batch.rewind();
        return manager.create(batch, new Shape(indices.length, LabelledImages.ROWS, LabelledImages.COLUMNS, 1),
                DataType.UINT8);
    }
}
