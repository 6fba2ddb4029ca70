package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Builds the shifted, explicitly padded inputs of a strided window op for the rows of a phase plan (docs/algorithm.md
 * §2.4): pad by p on every side plus R−1 more at the bottom and right, then for phase (dy, dx) keep rows
 * [dy, dy+H+2p) and columns [dx, dx+W+2p). The op then runs with its stride and no padding.
 */
final class PhaseWindows {

    private PhaseWindows() {}

    /**
     * Returns the shifted inputs of a plan's rows: row i is input {@code plan.source(i)} shifted by
     * {@code plan.phase(i)}. Each distinct phase is one slice of the padded input, whatever the number of rows;
     * a plan that is not every phase of every input in order then picks its rows with one gather.
     *
     * @param input (N, C, H, W)
     * @param stride the op's stride R
     * @param padding the op's symmetric padding p
     * @param padValue what padded and appended cells read (0 for conv and avg-pool, −inf for max-pool)
     * @param plan the rows to produce
     * @return (plan.size(), C, H+2p, W+2p), attached to the input's manager
     */
    static NDArray shifted(NDArray input, int stride, int padding, float padValue, PhasePlan plan) {
        Shape shape = input.getShape();
        long n = shape.get(0);
        plan.check(n, stride);
        long c = shape.get(1);
        long height = shape.get(2) + 2L * padding;
        long width = shape.get(3) + 2L * padding;
        int extra = stride - 1;
        // DJL/PyTorch pad order: last axis first, (left, right), then (top, bottom).
        NDArray padded = input.pad(new Shape(padding, padding + extra, padding, padding + extra), padValue);
        List<Phase> distinct = plan.distinctPhases();
        NDList views = new NDList(distinct.size());
        for (Phase phase : distinct) {
            views.add(padded.get(new NDIndex(":, :, {}:{}, {}:{}",
                    phase.dy(), phase.dy() + height, phase.dx(), phase.dx() + width)));
        }
        int k = distinct.size();
        // Row n·k + j of the stacked views is input n at distinct phase j.
        NDArray stacked = k == 1 ? views.get(0) : NDArrays.stack(views, 1).reshape(n * k, c, height, width);
        long[] rows = new long[plan.size()];
        boolean inOrder = rows.length == n * k;
        for (int row = 0; row < rows.length; row++) {
            rows[row] = plan.source(row) * (long) k + distinct.indexOf(plan.phase(row));
            inOrder &= rows[row] == row;
        }
        return inOrder ? stacked : stacked.get(new NDIndex("{}", input.getManager().create(rows)));
    }

    /**
     * Returns the output side of a window op.
     *
     * @param in the input side
     * @param kernel the window side
     * @param stride the stride
     * @param padding the symmetric padding
     * @return floor((in + 2p − k) / R) + 1
     */
    static long outputSide(long in, int kernel, int stride, int padding) {
        return (in + 2L * padding - kernel) / stride + 1;
    }
}
