package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import org.discardsearch.config.DiscardSearchException;
import org.discardsearch.config.ErrorCategory;

/**
 * Maps displaced candidates' final maps back onto the default grid ({@code docs/algorithm.md} §5.1).
 *
 * <p>The official code upsamples each map by T with nearest neighbour, shifts it right by dx and down by dy
 * (zero fill, crop) and average-pools T×T. This class computes the same numbers in closed form, batched over
 * the candidates and without the T× upsampling, as one 2×2 convolution:
 *
 * <pre>
 * A(y,x) = [(T−dy)(T−dx) f(y,x) + (T−dy) dx f(y,x−1) + dy (T−dx) f(y−1,x) + dy dx f(y−1,x−1)] / T²
 * </pre>
 *
 * with f = 0 outside the map. T is the product of the searched strides (8 for three stride-2 layers); as in
 * the official code it ignores any unsearched subsampling layer that follows (the discrepancy noted in
 * §5.1). Immutable and safe for concurrent use.
 */
public final class Alignment {

    /** Cells of the 2×2 kernel that reads a cell and its up, left and up-left neighbours. */
    private static final int TAPS = 4;

    private final int stride;

    /**
     * Creates an alignment for a total searched stride T.
     *
     * @param stride T, the product of the searched layers' strides, at least 1
     * @throws DiscardSearchException (BAD_CONFIG) if {@code stride < 1}
     */
    public Alignment(int stride) {
        if (stride < 1) {
            throw new DiscardSearchException(
                    ErrorCategory.BAD_CONFIG, "Invalid alignment stride: T = '" + stride + "'; expected >= 1");
        }
        this.stride = stride;
    }

    /**
     * Returns T, the product of the searched strides.
     *
     * @return the total stride
     */
    public int stride() {
        return stride;
    }

    /**
     * Aligns every candidate's map by its displacement.
     *
     * @param features the candidates' maps, shape (P, C, H, W)
     * @param offsets one displacement per candidate, each component in [0, T)
     * @return the aligned maps, shape (P, C, H, W), owned by the manager of {@code features}
     * @throws DiscardSearchException (INTERNAL) if the shapes disagree or a displacement is out of range
     */
    public NDArray align(NDArray features, List<Offset> offsets) {
        int count = CandidateChecks.candidateCount(features);
        CandidateChecks.checkOffsets(offsets, count);
        Shape shape = features.getShape();
        int channels = Math.toIntExact(shape.get(1));
        // One 2×2 kernel per (candidate, channel): a depthwise convolution over all maps at once.
        float[] kernels = new float[count * channels * TAPS];
        for (int p = 0; p < count; p++) {
            float[] kernel = kernel(offsets.get(p), p, 1f);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(kernel, 0, kernels, (p * channels + c) * TAPS, TAPS);
            }
        }
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            long maps = (long) count * channels;
            NDArray padded = padTopLeft(features).reshape(1, maps, shape.get(2) + 1, shape.get(3) + 1);
            NDArray weight = scope.create(kernels, new Shape(maps, 1, 2, 2)).toType(features.getDataType(), false);
            NDArray aligned = convolve(padded, weight, maps).reshape(shape);
            aligned.attach(parent);
            return aligned;
        }
    }

    /**
     * Returns, for each of N images, Σ_p w_p · align(F_p) over its P candidates, as one grouped convolution:
     * each image's candidates are one group of input channels, each channel of the maps one image of the batch.
     *
     * @param features the candidates of all images, image-major, shape (N·P, C, H, W)
     * @param offsets one displacement per candidate, in the same order
     * @param weights one weight per candidate, in the same order
     * @param images N
     * @return the combined maps, (C, H, W) when N = 1, else (N, C, H, W), owned by the manager of {@code features}
     * @throws DiscardSearchException (INTERNAL) if the shapes disagree or a displacement is out of range
     */
    public NDArray weightedSums(NDArray features, List<Offset> offsets, float[] weights, int images) {
        int total = CandidateChecks.candidateCount(features);
        CandidateChecks.checkOffsets(offsets, total);
        if (weights.length != total || images < 1 || total % images != 0) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Candidate weights: length = '"
                    + weights.length + "' for " + total + " candidates of " + images
                    + " images; expected one per candidate, the same count per image");
        }
        float[] kernels = new float[total * TAPS];
        for (int p = 0; p < total; p++) {
            System.arraycopy(kernel(offsets.get(p), p, weights[p]), 0, kernels, p * TAPS, TAPS);
        }
        Shape shape = features.getShape();
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            NDArray channelsAsBatch = padTopLeft(features).transpose(1, 0, 2, 3);
            NDArray weight = scope.create(kernels, new Shape(images, total / images, 2, 2))
                    .toType(features.getDataType(), false);
            NDArray sums = convolve(channelsAsBatch, weight, images); // (C, N, H, W)
            NDArray combined = images == 1
                    ? sums.reshape(shape.get(1), shape.get(2), shape.get(3)) : sums.transpose(1, 0, 2, 3);
            combined.attach(parent);
            return combined;
        }
    }

    /**
     * Returns the 2×2 kernel of one displacement, scaled: taps (y−1, x−1), (y−1, x), (y, x−1), (y, x) of the
     * closed form above, as a convolution over the map padded by one row on top and one column on the left reads
     * them.
     */
    private float[] kernel(Offset offset, int candidate, float scale) {
        if (offset.dx() >= stride || offset.dy() >= stride) {
            throw new DiscardSearchException(
                    ErrorCategory.INTERNAL,
                    "Offset out of range for alignment: " + offset + " of candidate " + candidate
                            + "; expected dx, dy < T = " + stride);
        }
        float area = (float) stride * stride;
        int dx = offset.dx();
        int dy = offset.dy();
        return new float[] {
            scale * dy * dx / area,
            scale * dy * (stride - dx) / area,
            scale * (stride - dy) * dx / area,
            scale * (stride - dy) * (stride - dx) / area
        };
    }

    /** Pads one zero row on top and one zero column on the left: the cells a shift down and right brings in. */
    private static NDArray padTopLeft(NDArray maps) {
        // DJL/PyTorch pad order: last axis first, (left, right), then (top, bottom).
        return maps.pad(new Shape(1, 0, 1, 0), 0f);
    }

    private static NDArray convolve(NDArray input, NDArray weight, long groups) {
        return Conv2d.conv2d(input, weight, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1),
                Math.toIntExact(groups)).singletonOrThrow();
    }
}
