package org.discardsearch.archives.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.discardsearch.archives.data.LabelledImages;
import org.junit.jupiter.api.Test;

class RandomCropFlipTest {

    private static final int PIXELS = LabelledImages.PIXELS;

    /** Three images whose pixel at (r, c) is (r * 28 + c + k) mod 256, so every position is recognisable. */
    private static LabelledImages images() {
        byte[] pixels = new byte[3 * PIXELS];
        for (int k = 0; k < 3; k++) {
            for (int p = 0; p < PIXELS; p++) {
                pixels[k * PIXELS + p] = (byte) (p + k);
            }
        }
        return LabelledImages.of(pixels, new int[] {0, 1, 2});
    }

    /** A generator that answers fixed draws: row offset, column offset, flip. */
    private static Random fixed(int rowDraw, int columnDraw, boolean flip) {
        return new Random() {
            private static final long serialVersionUID = 1L;
            private int calls;

            @Override
            public int nextInt(int bound) {
                return calls++ % 2 == 0 ? rowDraw : columnDraw;
            }

            @Override
            public boolean nextBoolean() {
                return flip;
            }
        };
    }

    private static int pixel(byte[] batch, int image, int row, int column) {
        return batch[image * PIXELS + row * LabelledImages.COLUMNS + column] & 0xFF;
    }

    @Test
    void keepsOneImageOf784BytesPerIndex() {
        byte[] batch = RandomCropFlip.of(2, true).apply(images(), new int[] {2, 0, 2, 1}, new Random(1));

        assertEquals(4 * PIXELS, batch.length);
    }

    @Test
    void sameSeedGivesSameBatchAndAnotherSeedAnother() {
        RandomCropFlip augmentation = RandomCropFlip.of(2, true);
        int[] indices = {0, 1, 2, 0, 1, 2, 0, 1};

        byte[] first = augmentation.apply(images(), indices, new Random(7));
        byte[] again = augmentation.apply(images(), indices, new Random(7));
        byte[] other = augmentation.apply(images(), indices, new Random(8));

        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void noPaddingAndNoFlipIsTheIdentity() {
        LabelledImages images = images();

        byte[] batch = RandomCropFlip.of(0, false).apply(images, new int[] {1, 2}, new Random(3));

        byte[] expected = new byte[2 * PIXELS];
        System.arraycopy(images.image(1), 0, expected, 0, PIXELS);
        System.arraycopy(images.image(2), 0, expected, PIXELS, PIXELS);
        assertArrayEquals(expected, batch);
    }

    @Test
    void cropOffsetShiftsTheImageAndFillsBlack() {
        LabelledImages images = images();
        // Draws 4 and 0 with padding 2: the crop starts 2 rows below and 2 columns left of the image's corner.
        byte[] batch = RandomCropFlip.of(2, true).apply(images, new int[] {0}, fixed(4, 0, false));

        byte[] source = images.image(0);
        assertEquals(source[(5 + 2) * 28 + 10 - 2] & 0xFF, pixel(batch, 0, 5, 10));
        assertEquals(0, pixel(batch, 0, 5, 1), "columns left of the image are black");
        assertEquals(0, pixel(batch, 0, 26, 5), "rows below the image are black");
        assertEquals(source[27 * 28 + 25] & 0xFF, pixel(batch, 0, 25, 27));
    }

    @Test
    void flipMirrorsTheCroppedImage() {
        LabelledImages images = images();
        byte[] batch = RandomCropFlip.of(2, true).apply(images, new int[] {0}, fixed(2, 3, true));

        byte[] source = images.image(0);
        // Column offset 3 - 2 = 1: the crop's column c is the image's column c + 1, read from the mirrored side.
        assertEquals(source[4 * 28 + (27 - 6) + 1] & 0xFF, pixel(batch, 0, 4, 6));
        assertEquals(0, pixel(batch, 0, 4, 0), "the column past the image's right edge lands on the left, black");
    }

    @Test
    void flipIsSkippedWhenOff() {
        LabelledImages images = images();
        byte[] batch = RandomCropFlip.of(2, false).apply(images, new int[] {0}, fixed(2, 2, true));

        assertArrayEquals(images.image(0), batch);
    }

    @Test
    void rejectsPaddingOutsideTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomCropFlip.of(28, true));

        assertEquals("Invalid value '28' for padding; allowed: 0..27", e.getMessage());
    }
}
