package org.discardsearch.onnx;

import java.util.Arrays;
import java.util.List;
import org.discardsearch.layer.Phase;

/**
 * Phase selection at a cut: moves each row of an NCHW batch up by dy rows and left by dx columns, filling the
 * cells that come in at the bottom and the right with the node's pad value. A strided node that then runs
 * unchanged computes phase (dy, dx): wherever its window lies inside the input, output cell (i, j) equals the
 * stride-1 result at (i·R + dy, j·R + dx). At the top and left borders the node's own padding replaces cells
 * the shift moved out, so border windows differ from the stride-1 result there.
 */
public final class PhaseShift {

    private PhaseShift() {}

    /**
     * Shifts every row by its own phase.
     *
     * @param batch (N, C, H, W)
     * @param phases N phases, one per row
     * @param fill the node's pad value: 0 for convolutions and average pools, minus infinity for max pools
     * @return a new tensor of the same shape
     */
    public static FloatTensor shift(FloatTensor batch, List<Phase> phases, float fill) {
        long[] shape = batch.shape();
        if (shape.length != 4 || shape[0] != phases.size()) {
            throw new IllegalArgumentException(phases.size() + " phases for a batch of shape "
                    + Arrays.toString(shape) + "; expected an NCHW batch with one phase per row");
        }
        int channels = Math.toIntExact(shape[1]);
        int height = Math.toIntExact(shape[2]);
        int width = Math.toIntExact(shape[3]);
        float[] in = batch.values();
        // A new array is zeros already, so only a non-zero fill writes the cells that come in, and only those:
        // filling the whole array first costs a pass over megabytes at a MobileNetV2's first searched cut.
        float[] out = new float[in.length];
        boolean zeros = Float.floatToRawIntBits(fill) == 0;
        for (int row = 0; row < phases.size(); row++) {
            Phase phase = phases.get(row);
            int keptWidth = Math.max(0, width - phase.dx());
            int keptHeight = Math.max(0, height - phase.dy());
            for (int c = 0; c < channels; c++) {
                int plane = (row * channels + c) * height * width;
                for (int h = 0; h < keptHeight; h++) {
                    int start = plane + h * width;
                    System.arraycopy(in, start + phase.dy() * width + phase.dx(), out, start, keptWidth);
                    if (!zeros) {
                        Arrays.fill(out, start + keptWidth, start + width, fill);
                    }
                }
                if (!zeros) {
                    Arrays.fill(out, plane + keptHeight * width, plane + height * width, fill);
                }
            }
        }
        return new FloatTensor(shape, out);
    }
}
