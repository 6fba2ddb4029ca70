package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Maps displaced candidates' final maps back onto the default grid ({@code docs/algorithm.md} §5.1).
 *
 * <p>The official code upsamples each map by T with nearest neighbour, shifts it right by dx and down by dy
 * (zero fill, crop) and average-pools T×T. This class computes the same numbers in closed form, without the T×
 * upsampling:
 *
 * <pre>
 * A(y,x) = [(T−dy)(T−dx) f(y,x) + (T−dy) dx f(y,x−1) + dy (T−dx) f(y−1,x) + dy dx f(y−1,x−1)] / T²
 * </pre>
 *
 * with f = 0 outside the map. Each candidate's A is a linear map of its H·W cells, the same for every channel,
 * so all candidates are aligned by one batched product with their (H·W, H·W) cell matrices. Its work grows as
 * (H·W)², but final maps are small: on the compact models' 2×2 maps it costs several times less than a grouped
 * 2×2 convolution of the same arithmetic, and on ResNet-18's 7×7 maps at 224 it is about 0.1% of a B=16 search's
 * multiply-accumulates. T is the product of the searched strides (8 for three stride-2 layers); as in the
 * official code it ignores any unsearched subsampling layer that follows (the discrepancy noted in §5.1).
 * Immutable and safe for concurrent use.
 */
public final class Alignment {

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
        float[] ones = new float[count];
        Arrays.fill(ones, 1f);
        Shape shape = features.getShape();
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            NDArray aligned = transform(features, offsets, ones).reshape(shape);
            aligned.attach(parent);
            return aligned;
        }
    }

    /**
     * Returns, for each of N images, Σ_p w_p · align(F_p) over its P candidates: the weights scale the cell
     * matrices, and the aligned maps of each image are summed.
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
        Shape shape = features.getShape();
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            NDArray sums = transform(features, offsets, weights)
                    .reshape(images, total / images, shape.get(1), shape.get(2), shape.get(3))
                    .sum(new int[] {1});
            NDArray combined = images == 1 ? sums.squeeze(0) : sums;
            combined.attach(parent);
            return combined;
        }
    }

    /** Returns (P, C, H·W): candidate p's cells times its cell matrix scaled by {@code scales[p]}. */
    private NDArray transform(NDArray features, List<Offset> offsets, float[] scales) {
        Shape shape = features.getShape();
        int count = Math.toIntExact(shape.get(0));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        int cells = height * width;
        // matrices[p][in][out]: how much input cell `in` of candidate p adds to its aligned cell `out`.
        float[] matrices = new float[count * cells * cells];
        for (int p = 0; p < count; p++) {
            Offset offset = offsets.get(p);
            if (offset.dx() >= stride || offset.dy() >= stride) {
                throw new DiscardSearchException(ErrorCategory.INTERNAL, "Offset out of range for alignment: "
                        + offset + " of candidate " + p + "; expected dx, dy < T = " + stride);
            }
            float scale = scales[p] / ((float) stride * stride);
            int dx = offset.dx();
            int dy = offset.dy();
            int base = p * cells * cells;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int out = y * width + x;
                    matrices[base + out * cells + out] = scale * (stride - dy) * (stride - dx);
                    if (x > 0) {
                        matrices[base + (out - 1) * cells + out] = scale * (stride - dy) * dx;
                    }
                    if (y > 0) {
                        matrices[base + (out - width) * cells + out] = scale * dy * (stride - dx);
                    }
                    if (x > 0 && y > 0) {
                        matrices[base + (out - width - 1) * cells + out] = scale * dy * dx;
                    }
                }
            }
        }
        NDArray cellMatrices = features.getManager().create(matrices, new Shape(count, cells, cells))
                .toType(features.getDataType(), false);
        return features.reshape(count, shape.get(1), cells).batchMatMul(cellMatrices);
    }
}
