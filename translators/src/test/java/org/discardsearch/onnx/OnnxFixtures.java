package org.discardsearch.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ONNX fixtures written by {@code src/test/python/make_onnx_fixtures.py}: torchvision classifiers with random
 * weights, the input images and PyTorch's logits for them.
 */
final class OnnxFixtures {

    /** Every fixture model, by file stem. */
    static final List<String> MODELS = List.of("resnet18", "mobilenet_v2", "shufflenet_v2_x1_0", "squeezenet1_1",
            "mnasnet0_5", "resnet50", "resnext50_32x4d", "wide_resnet50_2", "mobilenet_v3_small", "efficientnet_b0",
            "regnet_y_400mf", "densenet121", "googlenet", "inception_v3", "convnext_tiny");
    static final int IMAGES = 3;
    static final int SIDE = 224;
    static final int CLASSES = 10;

    private OnnxFixtures() {}

    static Path model(String name) {
        return resource(name + ".onnx");
    }

    /** The network input, (pixels - 128) / 64 for the fixture's pixels, (IMAGES, 3, SIDE, SIDE) row-major. */
    static float[] input() {
        byte[] pixels = bytes(resource("pixels.u8"));
        float[] input = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            input[i] = ((pixels[i] & 0xff) - 128f) / 64f;
        }
        return input;
    }

    /** PyTorch's logits for {@link #input()}, (IMAGES, CLASSES) row-major. */
    static float[] logits(String name) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(resource(name + ".logits.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] logits = new float[buffer.remaining() / Float.BYTES];
        buffer.asFloatBuffer().get(logits);
        return logits;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(OnnxFixtures.class.getResource("/onnx/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource onnx/" + name
                    + "; run src/test/python/make_onnx_fixtures.py", e);
        }
    }
}
