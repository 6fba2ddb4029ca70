package org.discardsearch.archives.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.RealFashionMnist;
import org.discardsearch.config.ModelKeys;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed backbone under {@code model-archives/trained/} loads and scores exactly what its run recorded. */
class TrainedBackbonesTest {

    private static final Path TRAINED = Path.of("trained");

    static Stream<Path> trainedDirectories() throws IOException {
        List<Path> directories;
        try (Stream<Path> list = Files.list(TRAINED)) {
            directories = list.filter(d -> Files.exists(d.resolve(TrainedBackbone.METADATA_FILE))).sorted().toList();
        }
        assertFalse(directories.isEmpty(), "no trained backbones under " + TRAINED.toAbsolutePath());
        return directories.stream();
    }

    @ParameterizedTest
    @MethodSource("trainedDirectories")
    void reloadedBackboneReproducesItsRecordedAccuracies(Path directory) throws IOException, MalformedModelException {
        Properties recorded = new Properties();
        try (Reader reader = Files.newBufferedReader(directory.resolve(TrainedBackbone.METADATA_FILE))) {
            recorded.load(reader);
        }
        DatasetSplit split = DatasetSplit.of(RealFashionMnist.get(), Long.parseLong(recorded.getProperty("splitSeed")));
        PixelStatistics statistics = new PixelStatistics(Float.parseFloat(recorded.getProperty("image.mean")),
                Float.parseFloat(recorded.getProperty("image.std")));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SegmentedNetwork network = Architectures.build(
                    ModelKeys.ARCHITECTURE.parse(recorded.getProperty("architecture")),
                    Integer.parseInt(recorded.getProperty("classes")), Integer.parseInt(recorded.getProperty("width")));
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 56, 56));
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(directory.resolve(TrainedBackbone.PARAMS_FILE))))) {
                network.loadParameters(manager, in);
            }
            ParameterStore parameterStore = new ParameterStore(manager, false);

            double calibration = BackboneTrainer.evaluate(network, parameterStore, split.calibration(),
                    BackboneTrainer.preprocessing(statistics), manager);
            double test = BackboneTrainer.evaluate(network, parameterStore, split.test(),
                    BackboneTrainer.preprocessing(statistics), manager);

            assertEquals(recorded.getProperty("calibrationAccuracy"), String.format(Locale.ROOT, "%.4f", calibration));
            assertEquals(recorded.getProperty("testAccuracy"), String.format(Locale.ROOT, "%.4f", test));
        }
    }
}
