package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the shifted, explicitly padded inputs of a strided window op for a list of phases (docs/algorithm.md
 * §2.4): pad by p on every side plus R−1 more at the bottom and right, then for phase (dy, dx) keep rows
 * [dy, dy+H+2p) and columns [dx, dx+W+2p). The op then runs with its stride and no padding.
 */
final class PhaseWindows {

    private PhaseWindows() {}

    /**
     * Returns the shifted inputs of all phases stacked so that row n·k + j is input n at phase j.
     *
     * @param input (N, C, H, W)
     * @param stride the op's stride R
     * @param padding the op's symmetric padding p
     * @param padValue what padded and appended cells read (0 for conv and avg-pool, −inf for max-pool)
     * @param phases the k phases
     * @return (N·k, C, H+2p, W+2p), attached to the input's manager
     */
    static NDArray shifted(NDArray input, int stride, int padding, float padValue, List<Phase> phases) {
        Shape shape = input.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long height = shape.get(2) + 2L * padding;
        long width = shape.get(3) + 2L * padding;
        int extra = stride - 1;
        // DJL/PyTorch pad order: last axis first, (left, right), then (top, bottom).
        NDArray padded = input.pad(new Shape(padding, padding + extra, padding, padding + extra), padValue);
        List<NDArray> views = new ArrayList<>(phases.size());
        for (Phase phase : phases) {
            if (phase.dy() >= stride || phase.dx() >= stride) {
                throw new IllegalArgumentException("Phase " + phase + " does not exist for stride " + stride);
            }
            views.add(padded.get(new NDIndex(":, :, {}:{}, {}:{}",
                    phase.dy(), phase.dy() + height, phase.dx(), phase.dx() + width)));
        }
        if (views.size() == 1) {
            return views.get(0);
        }
        return NDArrays.stack(new ai.djl.ndarray.NDList(views), 1).reshape(n * phases.size(), c, height, width);
    }

    /**
     * Returns whether a phase list is the stock default alone.
     *
     * @param phases the phases
     * @return true for exactly [{@link Phase#ORIGIN}]
     */
    static boolean isDefault(List<Phase> phases) {
        return phases.size() == 1 && phases.get(0).isOrigin();
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
