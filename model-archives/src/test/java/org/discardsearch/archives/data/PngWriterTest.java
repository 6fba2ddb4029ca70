package org.discardsearch.archives.data;

import static org.discardsearch.archives.data.MessageAssertions.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWriterTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void realTestImagesRoundTripToIdenticalPixels() throws IOException {
        LabelledImages test = RealFashionMnist.get().test();
        for (int index : new int[] {0, 1, 4999, 9999}) {
            byte[] png = PngWriter.write(test, index);

            assertArrayEquals(test.image(index), decodeGrey(png, 28, 28), "image " + index);
        }
    }

    @Test
    void everyByteValueRoundTrips() throws IOException {
        byte[] pixels = new byte[16 * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }

        byte[] png = PngWriter.write(pixels, 16, 16);

        assertArrayEquals(pixels, decodeGrey(png, 16, 16));
    }

    @Test
    void writesAnEightBitGreyPng() throws IOException {
        byte[] png = PngWriter.write(new byte[6], 3, 2);

        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
        // IHDR: width, height (4 bytes each) at 16, then bit depth and colour type
        assertEquals(8, png[24], "bit depth");
        assertEquals(0, png[25], "colour type 0 = grey");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(3, image.getWidth());
        assertEquals(2, image.getHeight());
    }

    @Test
    void rejectsPixelCountThatDoesNotMatchTheSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PngWriter.write(new byte[10], 3, 3));

        assertContains(e, "pixels.length = 10", "expected width * height = 9");
    }

    @Test
    void rejectsEmptySize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PngWriter.write(new byte[0], 0, 5));

        assertContains(e, "width x height = 0 x 5");
    }

    private static byte[] decodeGrey(byte[] png, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        return (byte[]) image.getRaster().getDataElements(0, 0, width, height, null);
    }
}
