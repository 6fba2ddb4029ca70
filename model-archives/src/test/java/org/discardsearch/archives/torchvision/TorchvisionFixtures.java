package org.discardsearch.archives.torchvision;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.discardsearch.network.MobileNetV2Builder;
import org.discardsearch.network.ResNetBuilder;
import org.discardsearch.network.SegmentedNetwork;

/**
 * The TorchScript fixtures written by {@code src/test/python/make_torchvision_fixtures.py}, and the network of
 * ours each one is imported into.
 */
enum TorchvisionFixtures {
    /** torchvision ResNet, BasicBlock [2, 2, 2, 2] (ResNet-18's depth), first stage 16 wide; scripted. */
    RESNET18_W16("resnet18-w16", () -> ResNetBuilder.torchvision("resnet18-w16", false, new int[] {2, 2, 2, 2}, 16,
            10)),
    /** torchvision ResNet, Bottleneck [3, 4, 6, 3] (ResNet-50's depth), first stage 8 wide; traced. */
    RESNET50_W8("resnet50-w8", () -> ResNetBuilder.torchvision("resnet50-w8", true, new int[] {3, 4, 6, 3}, 8, 10)),
    /** torchvision's MobileNetV2 at full size, 10 classes; scripted. */
    MOBILENET_V2("mobilenet_v2", () -> MobileNetV2Builder.mobilenetV2(10));

    /** The folder of the fixtures. */
    static final Path DIRECTORY = Path.of("src/test/resources/torchvision");

    /** The network a small Bottleneck [1, 1, 1, 2] ResNet 4 wide (the malformed fixtures) is imported into. */
    static SegmentedNetwork tinyBottleneck() {
        return ResNetBuilder.torchvision("bottleneck-w4", true, new int[] {1, 1, 1, 2}, 4, 10);
    }

    private final String name;
    private final Supplier<SegmentedNetwork> network;

    TorchvisionFixtures(String name, Supplier<SegmentedNetwork> network) {
        this.name = name;
        this.network = network;
    }

    /** The fixture's base name, also its key in expected.npz. */
    String fixtureName() {
        return name;
    }

    Path file() {
        return DIRECTORY.resolve(name + ".pt");
    }

    /** A fresh network of ours, initialised for 224×224 RGB on the manager. */
    SegmentedNetwork network(NDManager manager) {
        return initialised(network.get(), manager);
    }

    static SegmentedNetwork initialised(SegmentedNetwork network, NDManager manager) {
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
        return network;
    }

    /** The logits PyTorch computed for {@link #inputs}, read from expected.npz. */
    NDArray expectedLogits(NDManager manager) {
        return expected(manager).get(name);
    }

    /** The two probe images, (pixels − 128) / 64 for the uint8 pixels in expected.npz, as the script made them. */
    static NDArray inputs(NDManager manager) {
        NDArray pixels = expected(manager).get("pixels");
        return pixels.toType(DataType.FLOAT32, false).sub(128f).div(64f);
    }

    /** Loads a TorchScript file with DJL's PyTorch engine into a new model the caller closes. */
    static Model loadTorchScript(Path file) {
        Model model = Model.newInstance("torchscript", "PyTorch");
        try {
            TorchvisionImporter.loadTorchScript(model, file);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            model.close();
            throw new IllegalStateException(e);
        }
        return model;
    }

    private static NDList expected(NDManager manager) {
        try (InputStream in = Files.newInputStream(DIRECTORY.resolve("expected.npz"))) {
            return NDList.decode(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
