package org.discardsearch.archives.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.inference.Predictor;
import ai.djl.translate.DeferredTranslatorFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipFile;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.archives.data.RealFashionMnist;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.Method;
import org.discardsearch.archives.evaluate.MethodResult;
import org.discardsearch.archives.evaluate.OfflineEvaluation;
import org.discardsearch.archives.train.AttentionTraining;
import org.discardsearch.archives.train.BackboneFiles;
import org.discardsearch.archives.train.BackboneFixture;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path after training, on real Fashion-MNIST images and a small real (random-weight) backbone: the
 * calibration split chooses a configuration (training an attention module on the way), the test split is scored,
 * and the packaged archive loads with a plain {@link Criteria}, searches by default, and reproduces the recorded
 * vanilla accuracy exactly.
 */
class ArchivePackagerTest {

    private static final int LIMIT = 60;

    @Test
    void packagedArchiveLoadsWithPlainCriteriaAndReproducesTheRecordedVanillaAccuracy(@TempDir Path dir)
            throws Exception {
        BackboneFiles backbone = BackboneFiles.read(BackboneFixture.write(dir.resolve("backbone"), 3));
        FashionMnist data = RealFashionMnist.get();
        OfflineEvaluation evaluation = OfflineEvaluation.builder().setBackbone(backbone).setData(data)
                .optBudgets(List.of(1, 2, 4)).optLimit(LIMIT).optTimingImages(0).optBatchSize(20).build();
        EvaluationReport calibration;
        EvaluationReport test;
        Path attention = dir.resolve("attention");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            calibration = evaluation.calibrate(layers -> {
                Path folder = attention.resolve(layers.toString().replaceAll("[^0-9]", ""));
                try (NDManager scope = manager.newSubManager()) {
                    AttentionTraining.save(AttentionTraining.builder().setLayers(layers).optBudget(4).optEpochs(1)
                            .optLearningRates(List.of(1e-3f)).optLimit(LIMIT).build().train(data, backbone, scope),
                            folder);
                } catch (ai.djl.MalformedModelException e) {
                    throw new java.io.IOException(e);
                }
                return Optional.of(folder);
            }, manager);
            Path chosenAttention = attention.resolve(calibration.selection().layers().toString()
                    .replaceAll("[^0-9]", ""));
            test = evaluation.test(calibration.selection(),
                    java.util.Map.of(calibration.selection().layers(), chosenAttention), manager);
            Path archive = ArchivePackager.write(new ArchivePackager.Contents("tiny-fashion", backbone,
                    chosenAttention, calibration, test, List.of("# test")), dir.resolve("archives"));

            assertTrue(Files.isRegularFile(archive.resolve("tiny-fashion-0000.params")));
            assertEquals(FashionMnist.CLASS_NAMES, Files.readAllLines(archive.resolve("synset.txt"),
                    StandardCharsets.UTF_8));
            Properties properties = new Properties();
            try (var in = Files.newBufferedReader(archive.resolve("serving.properties"))) {
                properties.load(in);
            }
            assertEquals("true", properties.getProperty("discardSearch.enabled"));
            assertEquals(Integer.toString(calibration.selection().budget()),
                    properties.getProperty("discardSearch.budget"));
            assertTrue(Files.readString(archive.resolve("README.md")).contains("## Accuracy on the test split"));
            try (ZipFile zip = new ZipFile(dir.resolve("archives").resolve("tiny-fashion.zip").toFile())) {
                assertTrue(zip.getEntry("tiny-fashion/serving.properties") != null);
            }

            MethodResult recordedVanilla = test.methods().stream()
                    .filter(r -> r.family() == Method.Family.VANILLA).findFirst().orElseThrow();
            LabelledImages images = DatasetSplit.of(data).test();
            Criteria<ImageRequest, DiscardResult> criteria = Criteria.builder()
                    .setTypes(ImageRequest.class, DiscardResult.class)
                    .optModelPath(archive)
                    .optTranslatorFactory(new DeferredTranslatorFactory())
                    .build();
            try (ZooModel<ImageRequest, DiscardResult> model = criteria.loadModel();
                    Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
                int correct = 0;
                for (int i = 0; i < LIMIT; i++) {
                    DiscardResult vanilla = predictor.predict(ImageRequest.of(PngWriter.write(images, i), 1));
                    if (vanilla.best().classIndex() == images.label(i)) {
                        correct++;
                    }
                }
                assertEquals(recordedVanilla.correct(), correct);
                DiscardResult searched = predictor.predict(ImageRequest.of(PngWriter.write(images, 0)));
                assertEquals(calibration.selection().budget(), searched.stats().budget());
                assertEquals(calibration.selection().budget(), searched.stats().states());
            }
        }
    }
}
