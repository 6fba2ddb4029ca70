package org.discardsearch.archives.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Encodes grey images as PNG bytes (colour type 0, 8 bits per pixel) through {@code javax.imageio}, so that a
 * decoder gives back exactly the stored pixel values. The Kafka producer publishes the test split this way.
 *
 * <p>Stateless and thread-safe; it writes through an in-memory stream, never through ImageIO's file cache.
 */
public final class PngWriter {

    private PngWriter() {}

    /**
     * Encodes one image of a labelled set.
     *
     * @param images the set
     * @param index the image, in {@code [0, images.size())}
     * @return the PNG bytes of a 28x28 grey image
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public static byte[] write(LabelledImages images, int index) {
        return write(images.image(index), LabelledImages.COLUMNS, LabelledImages.ROWS);
    }

    /**
     * Encodes grey pixels as a PNG.
     *
     * @param pixels {@code width * height} unsigned bytes, row-major, 0 = black
     * @param width the width in pixels, 1 or more
     * @param height the height in pixels, 1 or more
     * @return the PNG bytes
     * @throws IllegalArgumentException if a size is not positive or {@code pixels} has the wrong length
     */
    public static byte[] write(byte[] pixels, int width, int height) {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "Invalid image size: width x height = " + width + " x " + height + "; expected both >= 1");
        }
        if ((long) width * height != pixels.length) {
            throw new IllegalArgumentException("Invalid image: pixels.length = " + pixels.length
                    + "; expected width * height = " + (long) width * height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        // The raster holds the samples themselves, so no colour conversion touches the values.
        image.getRaster().setDataElements(0, 0, width, height, pixels);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL,
                    "No PNG writer: javax.imageio has no writer for format 'png'; expected the JDK's built-in one");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 * pixels.length);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (IOException e) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "PNG encoding failed: image = " + width
                    + " x " + height + " grey; expected an in-memory write to succeed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
