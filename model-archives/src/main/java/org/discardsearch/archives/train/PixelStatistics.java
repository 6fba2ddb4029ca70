package org.discardsearch.archives.train;

import org.discardsearch.archives.data.LabelledImages;

/**
 * The mean and standard deviation of the pixels of a set of images, scaled to [0, 1], used to normalise the
 * network's input.
 *
 * <p>They are computed on the 28x28 pixels (the bilinear resize to 56x56 changes the mean by well under 0.001)
 * over all pixels of all images, in double precision, with the population standard deviation, then rounded to
 * four decimals so that an archive's {@code serving.properties} can state them exactly. For the project's
 * 55,000-image train part they are 0.2858 and 0.3530.
 *
 * @param mean the mean pixel value in [0, 1], rounded to 4 decimals
 * @param std the standard deviation, rounded to 4 decimals, above 0
 */
public record PixelStatistics(float mean, float std) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the mean is outside [0, 1] or the std is not above 0
     */
    public PixelStatistics {
        if (!(mean >= 0f && mean <= 1f)) {
            throw new IllegalArgumentException("Invalid value '" + mean + "' for mean; allowed: 0..1");
        }
        if (!(std > 0f && Float.isFinite(std))) {
            throw new IllegalArgumentException("Invalid value '" + std + "' for std; allowed: finite, above 0");
        }
    }

    /**
     * Computes the statistics of a set of images.
     *
     * @param images at least one image, not all of one value
     * @return the rounded mean and standard deviation
     * @throws IllegalArgumentException if the set is empty or every pixel has the same value
     */
    public static PixelStatistics of(LabelledImages images) {
        if (images.size() == 0) {
            throw new IllegalArgumentException("Cannot compute pixel statistics of an empty set of images");
        }
        long[] histogram = new long[256];
        for (int i = 0; i < images.size(); i++) {
            for (byte pixel : images.image(i)) {
                histogram[pixel & 0xFF]++;
            }
        }
        double count = (double) images.size() * LabelledImages.PIXELS;
        double sum = 0;
        for (int v = 0; v < 256; v++) {
            sum += histogram[v] * (v / 255.0);
        }
        double mean = sum / count;
        double squares = 0;
        for (int v = 0; v < 256; v++) {
            double d = v / 255.0 - mean;
            squares += histogram[v] * d * d;
        }
        double std = Math.sqrt(squares / count);
        return new PixelStatistics(round4(mean), round4(std));
    }

    private static float round4(double value) {
        return (float) (Math.round(value * 10_000) / 10_000.0);
    }
}
