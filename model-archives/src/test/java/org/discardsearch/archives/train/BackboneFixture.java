package org.discardsearch.archives.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.discardsearch.config.Architecture;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;

/**
 * Writes a backbone folder the way {@link TrainedBackbone#save} lays it out, with seeded random weights of the
 * compact ResNet at width 4: a real model for the tests of the steps after training, at no training cost.
 */
public final class BackboneFixture {

    private BackboneFixture() {}

    /**
     * Writes the folder.
     *
     * @param directory the folder, created if needed
     * @param seed the seed of the random weights
     * @return the folder
     * @throws IOException if a file cannot be written
     */
    public static Path write(Path directory, int seed) throws IOException {
        Files.createDirectories(directory);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getInstance().setRandomSeed(seed);
            SegmentedNetwork network = Architectures.build(Architecture.COMPACT_RESNET, 10, 4);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 56, 56));
            BackboneFiles.saveParameters(network, directory.resolve(TrainedBackbone.PARAMS_FILE));
        }
        Files.write(directory.resolve(TrainedBackbone.METADATA_FILE), List.of(
                "# random weights for tests",
                "architecture=compact-resnet", "classes=10", "width=4", "image.size=56", "image.resize=0",
                "image.channels=1", "image.mean=0.2858", "image.std=0.353", "seed=" + seed, "epochs=0",
                "threads=1", "limit=0"), StandardCharsets.UTF_8);
        return directory;
    }
}
