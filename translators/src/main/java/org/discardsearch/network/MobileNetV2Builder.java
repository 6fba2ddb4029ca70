package org.discardsearch.network;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.head.ClassifierHead;
import org.discardsearch.layer.PhaseSequential;
import org.discardsearch.layer.SharedPhaseResidual;

/**
 * Builds MobileNetV2 in torchvision's layout from offset-selectable layers. The stem and the depthwise
 * convolutions of the four stride-2 inverted residuals are the five subsampling layers (features/0,
 * features/2, 4, 7 and 14 at full size; docs/algorithm.md §2.2); a stride-2 block has no residual, so each is
 * one phase-selectable unit. Layers 1, 2 and 3 are searched by default.
 */
public final class MobileNetV2Builder {

    private static final List<Integer> MIDDLE_LAYERS = List.of(1, 2, 3);

    /** torchvision's settings: expansion t, channels c, repeats n, first stride s. */
    private static final int[][] IMAGENET = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
    };

    private MobileNetV2Builder() {}

    /**
     * Builds torchvision's MobileNetV2 (width 1.0, 1280 final channels) for 224×224 RGB.
     *
     * @param classes the number of classes
     * @return the network
     */
    public static SegmentedNetwork mobilenetV2(int classes) {
        return build("mobilenetv2", 32, IMAGENET, 1280, classes);
    }

    /**
     * Builds a compact MobileNetV2 for small grey images (56×56): stem width w, four stride-2 inverted
     * residual stages of 2 blocks each (expansion 6, widths 1.5w, 2w, 4w, 6w), final 1×1 conv of 8w channels.
     *
     * @param classes the number of classes
     * @param width the stem's channels w (even)
     * @return the network
     */
    public static SegmentedNetwork compact(int classes, int width) {
        int[][] settings = {
            {1, width, 1, 1}, {6, width * 3 / 2, 2, 2}, {6, width * 2, 2, 2}, {6, width * 4, 2, 2},
            {6, width * 6, 2, 2}
        };
        return build("compact-mobilenetv2", width, settings, width * 8, classes);
    }

    private static SegmentedNetwork build(String name, int stem, int[][] settings, int last, int classes) {
        List<Block> units = new ArrayList<>();
        units.add(PhaseSequential.of(Layers.conv(3, stem, 2), Layers.batchNorm(), Layers.relu6()));
        int in = stem;
        for (int[] setting : settings) {
            int expansion = setting[0];
            int out = setting[1];
            for (int i = 0; i < setting[2]; i++) {
                int stride = i == 0 ? setting[3] : 1;
                PhaseSequential block = invertedResidual(in, out, expansion, stride);
                units.add(stride == 1 && in == out ? new SharedPhaseResidual(block, null, false) : block);
                in = out;
            }
        }
        units.add(PhaseSequential.of(Layers.conv(1, last, 1), Layers.batchNorm(), Layers.relu6()));
        return new SegmentedNetwork(name, units, new ClassifierHead(classes), MIDDLE_LAYERS);
    }

    private static PhaseSequential invertedResidual(int in, int out, int expansion, int stride) {
        int hidden = in * expansion;
        List<Block> layers = new ArrayList<>();
        if (expansion != 1) {
            layers.add(Layers.conv(1, hidden, 1));
            layers.add(Layers.batchNorm());
            layers.add(Layers.relu6());
        }
        layers.add(Layers.depthwise(3, hidden, stride));
        layers.add(Layers.batchNorm());
        layers.add(Layers.relu6());
        layers.add(Layers.conv(1, out, 1));
        layers.add(Layers.batchNorm());
        return new PhaseSequential(layers);
    }
}
