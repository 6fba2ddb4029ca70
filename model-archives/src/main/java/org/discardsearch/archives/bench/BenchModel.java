package org.discardsearch.archives.bench;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.discardsearch.aggregate.Alignment;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.Evaluator;

/**
 * A model the benchmarks run, with random weights (timing and memory do not depend on them).
 *
 * @param label the name in the tables, e.g. {@code resnet18@224}
 * @param architecture the architecture
 * @param classes the number of classes
 * @param width the compact models' width, 0 for full-size ones
 * @param image the shape of one image, (1, C, H, W)
 */
record BenchModel(String label, Architecture architecture, int classes, int width, Shape image) {

    /** The system property that keeps the batch norms unfolded, to measure what folding gains. */
    static final String UNFOLDED = "discardsearch.bench.unfolded";

    static final BenchModel COMPACT = new BenchModel(
            "compact-resnet@56", Architecture.COMPACT_RESNET, 10, 16, new Shape(1, 1, 56, 56));
    static final BenchModel RESNET18 = new BenchModel(
            "resnet18@224", Architecture.RESNET18, 1000, 0, new Shape(1, 3, 224, 224));

    /** Returns the model with this label. */
    static BenchModel of(String label) {
        return List.of(COMPACT, RESNET18).stream().filter(model -> model.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown model '" + label + "'; allowed: "
                        + COMPACT.label + ", " + RESNET18.label));
    }

    /** Returns a batch's shape, (n, C, H, W). */
    Shape batch(int n) {
        return new Shape(n, image.get(1), image.get(2), image.get(3));
    }

    /** Builds the block (uninitialised) with an attention module for the network's final channels. */
    DiscardSearchBlock block(DiscardSearchConfig config, Evaluator evaluator) {
        SegmentedNetwork network = Architectures.build(architecture, classes, width);
        List<Shape> shapes = network.unitInputShapes(new Shape(1, 3, 64, 64));
        int channels = (int) shapes.get(shapes.size() - 1).get(1);
        AttentionAggregator attention = AttentionAggregator.builder().setFeatureDim(channels)
                .optAlignment(new Alignment(8)).build();
        return new DiscardSearchBlock(network, attention, config, evaluator);
    }

    /**
     * Prepares an initialised block for inference as loading an archive does: the batch norms folded into the
     * convolutions, unless {@code -Ddiscardsearch.bench.unfolded=true} asks for the unfolded network.
     *
     * @param block the initialised block
     * @return whether the batch norms were folded
     */
    static boolean prepare(DiscardSearchBlock block) {
        if (Boolean.getBoolean(UNFOLDED) || !(block.network() instanceof SegmentedNetwork network)) {
            return false;
        }
        network.foldBatchNorm();
        return true;
    }
}
