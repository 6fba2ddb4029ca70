package org.discardsearch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The error measure the ONNX tests compare logits and maps with, as the torchvision import measures it. */
public final class RelativeError {

    private RelativeError() {
    }

    /**
     * Returns {@code max |actual - expected| / max |expected|}.
     *
     * @param actual the values under test
     * @param expected the reference, of the same length
     * @return the relative error
     */
    public static double of(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length);
        double difference = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return difference / scale;
    }
}
