package org.discardsearch.archives.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.archives.data.RealFashionMnist;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.Method;
import org.discardsearch.archives.evaluate.MethodResult;
import org.discardsearch.archives.evaluate.ReportFiles;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every archive committed under {@code model-archives/archives/<name>/} loads with a plain {@link Criteria}, as
 * DJL Serving loads it, and reproduces exactly the vanilla test accuracy its evaluation recorded in
 * {@code model-archives/evaluation/<name>/test.json}, through the serving path (PNG bytes in, budget 1).
 */
class CommittedArchivesTest {

    private static final Path ARCHIVES = Path.of("archives");
    private static final Path EVALUATIONS = Path.of("evaluation");
    private static final int BATCH = 200;

    @TestFactory
    Stream<DynamicTest> everyCommittedArchiveReproducesItsRecordedVanillaTestAccuracy() throws IOException {
        if (!Files.isDirectory(ARCHIVES)) {
            return Stream.empty();
        }
        List<Path> archives;
        try (Stream<Path> list = Files.list(ARCHIVES)) {
            archives = list.filter(p -> Files.isRegularFile(p.resolve(ArchivePackager.SERVING_PROPERTIES))).sorted()
                    .toList();
        }
        return archives.stream().map(archive -> DynamicTest.dynamicTest(archive.getFileName().toString(),
                () -> reproduces(archive)));
    }

    private static void reproduces(Path archive) throws Exception {
        Path reportFile = ReportFiles.json(EVALUATIONS.resolve(archive.getFileName()), "test");
        assertTrue(Files.isRegularFile(reportFile), "no evaluation recorded for " + archive + " at " + reportFile);
        EvaluationReport report = ReportFiles.read(reportFile);
        MethodResult vanilla = report.methods().stream().filter(r -> r.family() == Method.Family.VANILLA)
                .findFirst().orElseThrow();
        LabelledImages test = DatasetSplit.of(RealFashionMnist.get()).test();
        Criteria<ImageRequest, DiscardResult> criteria = Criteria.builder()
                .setTypes(ImageRequest.class, DiscardResult.class)
                .optModelPath(archive)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .build();
        long correct = 0;
        try (ZooModel<ImageRequest, DiscardResult> model = criteria.loadModel();
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            for (int from = 0; from < report.images(); from += BATCH) {
                List<ImageRequest> batch = new ArrayList<>();
                for (int i = from; i < Math.min(report.images(), from + BATCH); i++) {
                    batch.add(ImageRequest.of(PngWriter.write(test, i), 1));
                }
                List<DiscardResult> results = predictor.batchPredict(batch);
                for (int j = 0; j < results.size(); j++) {
                    if (results.get(j).best().classIndex() == test.label(from + j)) {
                        correct++;
                    }
                }
            }
        }
        assertEquals(vanilla.correct(), correct, "vanilla test accuracy of " + archive);
    }
}
