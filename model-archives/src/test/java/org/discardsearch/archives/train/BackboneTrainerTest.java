package org.discardsearch.archives.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.RealFashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.config.Architecture;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.PreprocessingConfig;
import org.discardsearch.image.ImageDecoder;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Small real runs: 512 images of each part, one epoch, width 4, one thread (set for the test JVM). */
class BackboneTrainerTest {

    @TempDir
    Path temp;

    private static BackboneTrainer.Builder small() {
        return BackboneTrainer.builder().setArchitecture(Architecture.COMPACT_RESNET).setWidth(4).optEpochs(1)
                .optLimit(512);
    }

    private static byte[] trainAndSaveParams(BackboneTrainer trainer, Path directory) throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            trainer.train(RealFashionMnist.get(), manager).save(directory);
        }
        return Files.readAllBytes(directory.resolve(TrainedBackbone.PARAMS_FILE));
    }

    /** The same seed gives the same bytes; across processes too (measured, see BackboneTrainer). */
    @Test
    void sameSeedGivesBitIdenticalParametersOnAShortRun() throws IOException {
        byte[] first = trainAndSaveParams(small().optSeed(3).build(), temp.resolve("a"));
        byte[] second = trainAndSaveParams(small().optSeed(3).build(), temp.resolve("b"));

        assertArrayEquals(first, second);
    }

    @Test
    void anotherSeedGivesOtherParameters() throws IOException {
        byte[] first = trainAndSaveParams(small().optSeed(3).build(), temp.resolve("a"));
        byte[] other = trainAndSaveParams(small().optSeed(4).build(), temp.resolve("b"));

        assertFalse(java.util.Arrays.equals(first, other));
    }

    @Test
    void onlyTheNetworksParametersStayOnTheCallersManager() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TrainedBackbone backbone = small().optEpochs(2).build().train(RealFashionMnist.get(), manager);

            assertEquals(backbone.network().getParameters().size(), manager.getManagedArrays().size());
        }
    }

    @Test
    void reportRecordsTheRunAndAnAccuracyPerEpoch() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TrainingReport report =
                    small().optEpochs(2).optSeed(5).build().train(RealFashionMnist.get(), manager).report();

            assertEquals(2, report.calibrationAccuracyPerEpoch().size());
            assertEquals(512, report.trainImages());
            assertEquals(512, report.calibrationImages());
            assertEquals(512, report.testImages());
            assertEquals(5, report.settings().seed());
            assertEquals(1, report.settings().warmupEpochs());
            assertEquals(4, report.dataset().size());
            assertTrue(report.testAccuracy() >= 0 && report.testAccuracy() <= 1);
            assertEquals("compact-resnet", report.toProperties().get("architecture"));
        }
    }

    @Test
    void savedParametersReloadIntoAFreshNetworkWithTheSameCalibrationAccuracy()
            throws IOException, MalformedModelException {
        BackboneTrainer trainer = small().build();
        TrainingReport report;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TrainedBackbone backbone = trainer.train(RealFashionMnist.get(), manager);
            backbone.save(temp);
            report = backbone.report();
        }

        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SegmentedNetwork network = Architectures.build(Architecture.COMPACT_RESNET, 10, 4);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 56, 56));
            try (DataInputStream in = new DataInputStream(
                    new BufferedInputStream(Files.newInputStream(temp.resolve(TrainedBackbone.PARAMS_FILE))))) {
                network.loadParameters(manager, in);
            }
            LabelledImages calibration = DatasetSplit.of(RealFashionMnist.get()).calibration()
                    .subset(java.util.stream.IntStream.range(0, 512).toArray());
            double accuracy = BackboneTrainer.evaluate(network, new ParameterStore(manager, false), calibration,
                    BackboneTrainer.preprocessing(report.statistics()), manager);

            assertEquals(report.calibrationAccuracy(), accuracy);
        }
    }

    @Test
    void trainingTensorEqualsTheServingTensorOfTheSamePng() {
        LabelledImages test = RealFashionMnist.get().test();
        PixelStatistics statistics = new PixelStatistics(0.2858f, 0.353f);
        // Serving: PNG bytes, decoded, preprocessed with the settings an archive declares for this model.
        TrainingReport report = reportWith(statistics);
        Preprocessing serving = Preprocessing.builder()
                .setSize(PreprocessingConfig.fromArguments(report.modelProperties()).size())
                .optResize(PreprocessingConfig.fromArguments(report.modelProperties()).resize())
                .optChannels(PreprocessingConfig.fromArguments(report.modelProperties()).channels())
                .optMean(PreprocessingConfig.fromArguments(report.modelProperties()).meanPerChannel())
                .optStd(PreprocessingConfig.fromArguments(report.modelProperties()).stdPerChannel())
                .build();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int index : new int[] {0, 1, 9999}) {
                Image image = ImageDecoder.builder().build().decode(PngWriter.write(test, index));
                NDArray served = serving.toTensor(image, manager);
                NDArray trained = BackboneTrainer.preprocessing(statistics)
                        .toTensor(test.toNDArray(manager, new int[] {index}, DataType.UINT8), manager);

                assertEquals(new Shape(1, 1, 56, 56), trained.getShape());
                assertArrayEquals(served.toFloatArray(), trained.toFloatArray(), "image " + index);
            }
        }
    }

    private static TrainingReport reportWith(PixelStatistics statistics) {
        TrainingSettings settings = small().build().settings();
        return new TrainingReport(settings, statistics, 1, 1, 1, java.util.List.of(0.5), 0.5, 1, 1, "PyTorch",
                "1", java.util.List.of());
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.setWidth(0), "width", "'0'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.optEpochs(0), "epochs", "'0'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.optBatchSize(1), "batch size", "'1'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.optLearningRate(-0.1f), "learning rate",
                        "'-0.1'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.optMomentum(1f), "momentum", "'1.0'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.optWarmupEpochs(1), "warm-up epochs",
                        "'1'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.optLimit(1), "limit", "'1'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.setArchitecture(Architecture.RESNET18),
                        "architecture", "'resnet18'"),
                Arguments.of((Consumer<BackboneTrainer.Builder>) b -> b.setArchitecture(
                        Architecture.COMPACT_MOBILENETV2).setWidth(5), "width", "'5'"));
    }

    @ParameterizedTest
    @MethodSource("invalidSettings")
    void buildRejectsAnInvalidSettingNamingItAndItsValue(
            Consumer<BackboneTrainer.Builder> change, String setting, String value) {
        BackboneTrainer.Builder builder = small();
        change.accept(builder);

        DiscardSearchException e = assertThrows(DiscardSearchException.class, builder::build);

        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertTrue(e.getMessage().contains("for " + setting + ";"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
    }
}
