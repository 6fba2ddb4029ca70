package org.discardsearch.archives.evaluate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Random;
import org.discardsearch.aggregate.Alignment;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.config.Architecture;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;

/**
 * A small real model for tests: the compact ResNet at width 4 with seeded random weights, an attention module
 * with random (non-zero) parameters so that it is not the plain mean, and random 28x28 images.
 */
final class TinyModel {

    static final int WIDTH = 4;
    static final List<Integer> LAYERS = List.of(1, 2, 3);

    final SegmentedNetwork network;
    final AttentionAggregator attention;
    final Preprocessing preprocessing = Preprocessing.builder().setSize(56).optResize(0).optChannels(1)
            .optMean(0.286f).optStd(0.353f).build();

    TinyModel(NDManager manager, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        network = Architectures.build(Architecture.COMPACT_RESNET, LabelledImages.CLASSES, WIDTH);
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 56, 56));
        List<Shape> shapes = network.unitInputShapes(new Shape(1, 1, 56, 56));
        int channels = (int) shapes.get(shapes.size() - 1).get(1);
        attention = AttentionAggregator.builder().setFeatureDim(channels).optSeed(seed)
                .optAlignment(new Alignment(8)).build();
        attention.initialize(manager);
        Random random = new Random(seed);
        for (Parameter parameter : attention.getParameters().values()) {
            float[] values = new float[Math.toIntExact(parameter.getArray().size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.5);
            }
            parameter.getArray().set(values);
        }
    }

    /** Random images with random labels: blobs of bright pixels on black, like Fashion-MNIST's layout. */
    static LabelledImages images(int count, int seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * LabelledImages.PIXELS];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(LabelledImages.CLASSES);
            for (int p = 0; p < LabelledImages.PIXELS; p++) {
                int y = p / LabelledImages.COLUMNS;
                int x = p % LabelledImages.COLUMNS;
                boolean inside = y > 3 && y < 25 && x > 5 + random.nextInt(3) && x < 22;
                pixels[i * LabelledImages.PIXELS + p] = (byte) (inside ? 80 + random.nextInt(176) : 0);
            }
        }
        return LabelledImages.of(pixels, labels);
    }
}
