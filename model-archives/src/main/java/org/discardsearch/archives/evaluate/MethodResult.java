package org.discardsearch.archives.evaluate;

/**
 * A method's scores on a set of images, paired against the plain model on the same images.
 *
 * @param name the method's name
 * @param family the method's family
 * @param layers the searched layers ({@code 1,2,3}), or empty for the baselines
 * @param order the search order, or empty
 * @param criterion the search criterion, or empty
 * @param aggregation the aggregation, or empty
 * @param budget states per view
 * @param earlyExitEntropy the early-exit threshold, 0 = off
 * @param flip whether the mirrored image is searched too
 * @param views views averaged
 * @param images images scored
 * @param correct images classified right
 * @param accuracy top-1 accuracy, in [0, 1]
 * @param gain accuracy minus the plain model's, in [-1, 1]
 * @param gainLower lower end of the gain's 95% interval (paired Wald)
 * @param gainUpper upper end of the gain's 95% interval
 * @param mcNemarP exact two-sided McNemar p-value against the plain model
 * @param flippedRight images the plain model got wrong and this method right
 * @param flippedWrong images the plain model got right and this method wrong
 * @param callsPerImage network calls per image, all views together
 * @param exitRate fraction of searched views that exited early (0 without early exit)
 * @param msPerImage wall time per image in milliseconds, measured on the timing images at batch 1; NaN if not
 *     timed
 */
public record MethodResult(String name, Method.Family family, String layers, String order, String criterion,
        String aggregation, int budget, double earlyExitEntropy, boolean flip, int views, int images, long correct,
        double accuracy, double gain, double gainLower, double gainUpper, double mcNemarP, long flippedRight,
        long flippedWrong, double callsPerImage, double exitRate, double msPerImage) {

    /**
     * Returns this result with a measured wall time.
     *
     * @param ms milliseconds per image
     * @return the new result
     */
    public MethodResult withMsPerImage(double ms) {
        return new MethodResult(name, family, layers, order, criterion, aggregation, budget, earlyExitEntropy, flip,
                views, images, correct, accuracy, gain, gainLower, gainUpper, mcNemarP, flippedRight, flippedWrong,
                callsPerImage, exitRate, ms);
    }
}
