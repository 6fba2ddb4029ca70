package org.discardsearch.archives.data;

import static org.discardsearch.archives.data.MessageAssertions.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelledImagesTest {

    private static final int PIXELS = LabelledImages.PIXELS;

    /** Three images: pixel p of image i is {@code (i * 100 + p) mod 256}, so bytes above 127 occur. */
    private static byte[] threeImages() {
        byte[] pixels = new byte[3 * PIXELS];
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < PIXELS; p++) {
                pixels[i * PIXELS + p] = (byte) (i * 100 + p);
            }
        }
        return pixels;
    }

    private final LabelledImages images = LabelledImages.of(threeImages(), new int[] {4, 0, 9});

    @Test
    void exposesSizeLabelsAndImages() {
        assertEquals(3, images.size());
        assertEquals(9, images.label(2));
        assertArrayEquals(new int[] {4, 0, 9}, images.labels());
        assertArrayEquals(Arrays.copyOfRange(threeImages(), PIXELS, 2 * PIXELS), images.image(1));
    }

    @Test
    void copiesItsInputs() {
        byte[] pixels = threeImages();
        int[] labels = {1, 2, 3};
        LabelledImages set = LabelledImages.of(pixels, labels);

        pixels[0] = 42;
        labels[0] = 7;

        assertEquals(0, set.image(0)[0]);
        assertEquals(1, set.label(0));
    }

    @Test
    void imageReturnsACopy() {
        images.image(0)[5] = 99;
        images.labels()[0] = 1;

        assertEquals(5, images.image(0)[5]);
        assertEquals(4, images.label(0));
    }

    @Test
    void rejectsPixelCountThatDoesNotMatchLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelledImages.of(new byte[PIXELS + 1], new int[] {0}));

        assertContains(e, "pixels.length = 785", "expected labels.length * 784 = 784");
    }

    @Test
    void rejectsLabelOutsideTheClasses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelledImages.of(new byte[2 * PIXELS], new int[] {0, 10}));

        assertContains(e, "labels[1] = 10", "expected 0..9");
    }

    @Test
    void rejectsIndexOutOfRange() {
        assertThrows(IndexOutOfBoundsException.class, () -> images.image(3));
        assertThrows(IndexOutOfBoundsException.class, () -> images.subset(new int[] {0, -1}));
    }

    @Test
    void subsetTakesImagesInTheGivenOrderWithRepeats() {
        LabelledImages subset = images.subset(new int[] {2, 0, 2});

        assertArrayEquals(new int[] {9, 4, 9}, subset.labels());
        assertArrayEquals(images.image(2), subset.image(0));
        assertArrayEquals(images.image(0), subset.image(1));
        assertArrayEquals(images.image(2), subset.image(2));
    }

    @Test
    void countsImagesPerClass() {
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 0, 0, 0, 0, 1}, images.classCounts());
    }

    @Test
    void equalityComparesPixelsAndLabels() {
        assertEquals(images, LabelledImages.of(threeImages(), new int[] {4, 0, 9}));
        assertEquals(images.hashCode(), LabelledImages.of(threeImages(), new int[] {4, 0, 9}).hashCode());
        assertNotEquals(images, LabelledImages.of(threeImages(), new int[] {4, 0, 8}));
        byte[] otherPixels = threeImages();
        otherPixels[10] = 0;
        assertNotEquals(images, LabelledImages.of(otherPixels, new int[] {4, 0, 9}));
    }

    @Test
    void batchAsUint8IsNhwcWithTheStoredBytes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = images.toNDArray(manager, new int[] {2, 0}, DataType.UINT8);

            assertEquals(new Shape(2, 28, 28, 1), batch.getShape());
            assertEquals(DataType.UINT8, batch.getDataType());
            byte[] expected = new byte[2 * PIXELS];
            System.arraycopy(images.image(2), 0, expected, 0, PIXELS);
            System.arraycopy(images.image(0), 0, expected, PIXELS, PIXELS);
            assertArrayEquals(expected, batch.toByteArray());
            assertEquals(manager, batch.getManager());
        }
    }

    @Test
    void batchAsFloat32HoldsValuesZeroTo255() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = images.toNDArray(manager, new int[] {1}, DataType.FLOAT32);

            assertEquals(new Shape(1, 28, 28, 1), batch.getShape());
            assertEquals(DataType.FLOAT32, batch.getDataType());
            float[] values = batch.toFloatArray();
            byte[] image = images.image(1);
            for (int p = 0; p < PIXELS; p++) {
                assertEquals(image[p] & 0xFF, values[p], 0f);
            }
            // pixel (0, 155) of image 1 is (100 + 155) mod 256 = 255: unsigned, not -1
            assertEquals(255f, batch.getFloat(0, 5, 15, 0), 0f);
        }
    }

    @Test
    void rejectsOtherDataTypes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> images.toNDArray(manager, new int[] {0}, DataType.FLOAT16));

            assertContains(e, "dataType = 'float16'", "allowed: uint8, float32");
        }
    }
}
