package org.discardsearch.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.discardsearch.error.DiscardSearchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlignmentTest {

    @ParameterizedTest(name = "T={0}, H={1}, W={2}")
    @CsvSource({"8, 3, 4", "8, 1, 1", "8, 1, 3", "2, 3, 2", "4, 2, 5"})
    void closedFormMatchesUpsampleShiftPoolReference(int stride, int height, int width) {
        int channels = 2;
        List<Offset> offsets = List.of(
                new Offset(0, 0), new Offset(stride - 1, stride - 1), new Offset(stride - 1, 0),
                new Offset(0, stride - 1), new Offset(1, stride / 2), new Offset(stride / 2, 1));
        int count = offsets.size();
        float[] values = new float[count * channels * height * width];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.create(values, new Shape(count, channels, height, width));
            float[] aligned = new Alignment(stride).align(features, offsets).toFloatArray();
            int plane = height * width;
            for (int p = 0; p < count; p++) {
                for (int c = 0; c < channels; c++) {
                    int base = (p * channels + c) * plane;
                    float[] expected = reference(values, base, height, width, stride, offsets.get(p));
                    float[] actual = new float[plane];
                    System.arraycopy(aligned, base, actual, 0, plane);
                    assertArrayEquals(expected, actual, 1e-6f, "candidate " + p + " " + offsets.get(p));
                }
            }
        }
    }

    @Test
    void zeroOffsetLeavesTheMapUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.arange(24f).reshape(2, 3, 2, 2);
            NDArray aligned = new Alignment(8).align(features, List.of(Offset.ZERO, Offset.ZERO));
            assertArrayEquals(features.toFloatArray(), aligned.toFloatArray(), 0f);
        }
    }

    @Test
    void resultIsTheOnlyArrayLeftOnTheCallersManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.ones(new Shape(2, 3, 4, 4));
            int before = manager.getManagedArrays().size();
            new Alignment(8).align(features, List.of(Offset.ZERO, new Offset(3, 5)));
            assertEquals(before + 1, manager.getManagedArrays().size());
        }
    }

    @Test
    void rejectsOffsetNotBelowStride() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.ones(new Shape(1, 1, 2, 2));
            DiscardSearchException error = assertThrows(DiscardSearchException.class,
                    () -> new Alignment(8).align(features, List.of(new Offset(8, 0))));
            assertTrue(error.getMessage().contains("dx, dy < T = 8"), error.getMessage());
        }
    }

    @Test
    void rejectsOffsetCountThatDiffersFromCandidates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.ones(new Shape(2, 1, 2, 2));
            assertThrows(DiscardSearchException.class, () -> new Alignment(8).align(features, List.of(Offset.ZERO)));
        }
    }

    /** Nearest upsample by T, shift right dx and down dy with zero fill, crop, T×T average pool. */
    private static float[] reference(float[] values, int base, int height, int width, int stride, Offset offset) {
        int bigHeight = height * stride;
        int bigWidth = width * stride;
        double[][] up = new double[bigHeight][bigWidth];
        for (int y = 0; y < bigHeight; y++) {
            for (int x = 0; x < bigWidth; x++) {
                up[y][x] = values[base + (y / stride) * width + x / stride];
            }
        }
        double[][] shifted = new double[bigHeight][bigWidth];
        for (int y = 0; y < bigHeight; y++) {
            for (int x = 0; x < bigWidth; x++) {
                int fromY = y - offset.dy();
                int fromX = x - offset.dx();
                shifted[y][x] = fromY >= 0 && fromX >= 0 ? up[fromY][fromX] : 0;
            }
        }
        float[] pooled = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int i = 0; i < stride; i++) {
                    for (int j = 0; j < stride; j++) {
                        sum += shifted[y * stride + i][x * stride + j];
                    }
                }
                pooled[y * width + x] = (float) (sum / (stride * stride));
            }
        }
        return pooled;
    }
}
