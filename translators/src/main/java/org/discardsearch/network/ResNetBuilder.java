package org.discardsearch.network;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.discardsearch.head.ClassifierHead;
import org.discardsearch.layer.PhaseMaxPool2d;
import org.discardsearch.layer.PhaseSequential;
import org.discardsearch.layer.SharedPhaseResidual;

/**
 * Builds ResNets in torchvision's layout from offset-selectable layers: a strided stem convolution, a strided
 * max-pool, then four stages whose first blocks (from the second stage on) subsample with the main branch and
 * the projection shortcut sharing one phase. Five subsampling layers: stem, max-pool, layer2/0, layer3/0,
 * layer4/0 (docs/algorithm.md §2.2); layers 1, 2 and 3 are searched by default.
 */
public final class ResNetBuilder {

    private static final List<Integer> MIDDLE_LAYERS = List.of(1, 2, 3);

    private ResNetBuilder() {}

    /**
     * Builds torchvision's ResNet-18 (BasicBlocks [2, 2, 2, 2], widths 64 to 512, 7×7 stem) for 224×224 RGB.
     *
     * @param classes the number of classes
     * @return the network
     */
    public static SegmentedNetwork resnet18(int classes) {
        return torchvision("resnet18", false, new int[] {2, 2, 2, 2}, 64, classes);
    }

    /**
     * Builds torchvision's ResNet-50 (Bottlenecks [3, 4, 6, 3], expansion 4, stride on the 3×3 conv).
     *
     * @param classes the number of classes
     * @return the network
     */
    public static SegmentedNetwork resnet50(int classes) {
        return torchvision("resnet50", true, new int[] {3, 4, 6, 3}, 64, classes);
    }

    /**
     * Builds any ResNet of torchvision's layout: what {@code torchvision.models.resnet.ResNet(block, blocks)}
     * builds with {@code groups=1}, {@code width_per_group=64} and no dilation, except that the stem and the first
     * stage have {@code width} channels instead of 64 (the later stages double it, as torchvision's do). With
     * width 64 and blocks [2, 2, 2, 2] (BasicBlock) or [3, 4, 6, 3] (Bottleneck) it is ResNet-18 or ResNet-50;
     * narrower ones keep torchvision's parameter names with smaller tensors, for small test fixtures.
     *
     * @param name the architecture's name, for messages
     * @param bottleneck Bottleneck blocks (expansion 4) rather than BasicBlocks
     * @param blocks the number of blocks of each of the four stages, each at least 1
     * @param width the stem's and the first stage's channels
     * @param classes the number of classes
     * @return the network
     * @throws IllegalArgumentException naming the invalid setting
     */
    public static SegmentedNetwork torchvision(String name, boolean bottleneck, int[] blocks, int width, int classes) {
        if (blocks.length != 4 || Arrays.stream(blocks).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("Invalid value '" + Arrays.toString(blocks)
                    + "' for blocks; allowed: four stages of at least 1 block each");
        }
        if (width < 1) {
            throw new IllegalArgumentException("Invalid value '" + width + "' for width; allowed: >= 1");
        }
        return build(name, 7, width, blocks.clone(), bottleneck, classes);
    }

    /**
     * Builds the compact ResNet for small grey images (Fashion-MNIST resized to 56×56): ResNet-18's layout at
     * width w (stages w, 2w, 4w, 8w) with a 3×3 stride-2 stem, so the five subsampling layers map one for one.
     *
     * @param classes the number of classes
     * @param width the first stage's channels
     * @return the network
     */
    public static SegmentedNetwork compact(int classes, int width) {
        return build("compact-resnet", 3, width, new int[] {2, 2, 2, 2}, false, classes);
    }

    private static SegmentedNetwork build(
            String name, int stemKernel, int width, int[] blocks, boolean bottleneck, int classes) {
        List<Block> units = new ArrayList<>();
        units.add(Layers.conv(stemKernel, width, 2));
        units.add(Layers.batchNorm());
        units.add(Layers.relu());
        units.add(new PhaseMaxPool2d(3, 2, 1));
        int expansion = bottleneck ? 4 : 1;
        int inChannels = width;
        for (int stage = 0; stage < blocks.length; stage++) {
            int planes = width << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                boolean project = stride != 1 || inChannels != planes * expansion;
                PhaseSequential shortcut = project
                        ? PhaseSequential.of(Layers.conv(1, planes * expansion, stride), Layers.batchNorm())
                        : null;
                PhaseSequential main = bottleneck ? bottleneck(planes, stride) : basic(planes, stride);
                units.add(new SharedPhaseResidual(main, shortcut, true));
                inChannels = planes * expansion;
            }
        }
        return new SegmentedNetwork(name, units, new ClassifierHead(classes), MIDDLE_LAYERS);
    }

    private static PhaseSequential basic(int planes, int stride) {
        return PhaseSequential.of(
                Layers.conv(3, planes, stride), Layers.batchNorm(), Layers.relu(),
                Layers.conv(3, planes, 1), Layers.batchNorm());
    }

    private static PhaseSequential bottleneck(int planes, int stride) {
        return PhaseSequential.of(
                Layers.conv(1, planes, 1), Layers.batchNorm(), Layers.relu(),
                Layers.conv(3, planes, stride), Layers.batchNorm(), Layers.relu(),
                Layers.conv(1, planes * 4, 1), Layers.batchNorm());
    }
}
