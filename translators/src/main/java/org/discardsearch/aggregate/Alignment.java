package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.discardsearch.config.DiscardSearchException;
import org.discardsearch.config.ErrorCategory;

/**
 * Maps displaced candidates' final maps back onto the default grid ({@code docs/algorithm.md} §5.1).
 *
 * <p>The official code upsamples each map by T with nearest neighbour, shifts it right by dx and down by dy
 * (zero fill, crop) and average-pools T×T. This class computes the same numbers in closed form, batched over
 * the candidates and without the T× upsampling:
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
        float[] self = new float[count];
        float[] left = new float[count];
        float[] up = new float[count];
        float[] diagonal = new float[count];
        float area = (float) stride * stride;
        for (int p = 0; p < count; p++) {
            Offset offset = offsets.get(p);
            if (offset.dx() >= stride || offset.dy() >= stride) {
                throw new DiscardSearchException(
                        ErrorCategory.INTERNAL,
                        "Offset out of range for alignment: " + offset + " of candidate " + p
                                + "; expected dx, dy < T = " + stride);
            }
            int dx = offset.dx();
            int dy = offset.dy();
            self[p] = (stride - dy) * (stride - dx) / area;
            left[p] = (stride - dy) * dx / area;
            up[p] = dy * (stride - dx) / area;
            diagonal[p] = dy * dx / area;
        }
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            NDArray shiftedRight = shift(features, 3);
            NDArray aligned = features.mul(column(scope, self, features))
                    .add(shiftedRight.mul(column(scope, left, features)))
                    .add(shift(features, 2).mul(column(scope, up, features)))
                    .add(shift(shiftedRight, 2).mul(column(scope, diagonal, features)));
            aligned.attach(parent);
            return aligned;
        }
    }

    /** Moves the map one cell towards higher indices along {@code axis} (2 = down, 3 = right), zero-filled. */
    private static NDArray shift(NDArray maps, int axis) {
        Shape shape = maps.getShape();
        long length = shape.get(axis);
        if (length == 1) {
            return maps.zerosLike();
        }
        NDIndex kept = axis == 3 ? new NDIndex(":, :, :, :{}", length - 1) : new NDIndex(":, :, :{}", length - 1);
        long[] fill = shape.getShape().clone();
        fill[axis] = 1;
        return maps.getManager().zeros(new Shape(fill), maps.getDataType()).concat(maps.get(kept), axis);
    }

    /** One weight per candidate, shaped (P, 1, 1, 1) to broadcast over the maps. */
    private static NDArray column(NDManager scope, float[] weights, NDArray like) {
        return scope.create(weights, new Shape(weights.length, 1, 1, 1)).toType(like.getDataType(), false);
    }
}
