package org.discardsearch.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntBinaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Real images for the tests, drawn and encoded in code with {@code javax.imageio}. */
final class TestImages {

    private TestImages() {}

    /** An 8-bit grey image whose level at (x, y) is {@code level.applyAsInt(x, y)}. */
    static BufferedImage grey(int width, int height, IntBinaryOperator level) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, level.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** An RGB image whose colour at (x, y) is {@code rgb.applyAsInt(x, y)} as 0xRRGGBB. */
    static BufferedImage rgb(int width, int height, IntBinaryOperator rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** The image encoded by the JDK's writer for {@code format} ("png", "gif", "bmp", "tiff"). */
    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No javax.imageio writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** The image as a baseline JPEG of the given quality (0..1). */
    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Pseudo-random RGB noise from a fixed seed: compresses badly, so it makes large files. */
    static BufferedImage noise(int width, int height, long seed) {
        java.util.Random random = new java.util.Random(seed);
        return rgb(width, height, (x, y) -> random.nextInt(1 << 24));
    }
}
