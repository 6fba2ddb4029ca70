package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the shifted, explicitly padded inputs of a strided window op for the rows of a phase plan (docs/algorithm.md
 * §2.4): for phase (dy, dx), the input padded by p and shifted by (dy, dx), i.e. its rows [dy − p, dy + H + p)
 * and columns [dx − p, dx + W + p), zero or −inf where they fall outside. The op then runs with its stride and
 * no padding.
 */
final class PhaseWindows {

    private PhaseWindows() {}

    /**
     * Returns the shifted inputs of a plan's rows: row i is input {@code plan.source(i)} shifted by
     * {@code plan.phase(i)}. The rows of each distinct phase are one pad of their sources (negative on the
     * sides the shift crops), so the work and the ops grow with the plan's rows and phases, not with N·phases;
     * the phases' rows are then concatenated and, when the plan interleaves them, put in order with one gather.
     *
     * @param input (N, C, H, W)
     * @param stride the op's stride R
     * @param padding the op's symmetric padding p
     * @param padValue what padded and appended cells read (0 for conv and avg-pool, −inf for max-pool)
     * @param plan the rows to produce
     * @return (plan.size(), C, H+2p, W+2p), attached to the input's manager
     */
    static NDArray shifted(NDArray input, int stride, int padding, float padValue, PhasePlan plan) {
        plan.check(input.getShape().get(0), stride);
        NDList parts = new NDList();
        long[] order = new long[plan.size()];
        int next = 0;
        for (Phase phase : plan.distinctPhases()) {
            List<Long> sources = new ArrayList<>();
            for (int row = 0; row < plan.size(); row++) {
                if (plan.phase(row).equals(phase)) {
                    sources.add((long) plan.source(row));
                    order[row] = next++;
                }
            }
            NDArray rows = RowSelection.select(input, sources.stream().mapToLong(Long::longValue).toArray());
            // Phase (dy, dx) keeps input rows [dy − p, dy + H + p): pad p − dy on top and dy + p below.
            // DJL/PyTorch pad order: last axis first, (left, right), then (top, bottom).
            parts.add(rows.pad(new Shape(padding - phase.dx(), padding + phase.dx(),
                    padding - phase.dy(), padding + phase.dy()), padValue));
        }
        return RowSelection.concatInOrder(parts, order);
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
