package org.discardsearch.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.DeferredTranslatorFactory;
import ai.djl.translate.TranslateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.discardsearch.error.ConfigException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveLoadingTest {

    @TempDir
    Path dir;

    /**
     * Loads an archive as a DJL user would. {@code Input/Output} is what DJL Serving asks for and needs nothing
     * more; a typed criteria names {@link DeferredTranslatorFactory}, which reads the archive's
     * {@code translatorFactory} (without it DJL picks its own stock image translator).
     */
    private static <I, O> ZooModel<I, O> load(Path archive, Class<I> in, Class<O> out) throws Exception {
        Criteria.Builder<I, O> criteria = Criteria.builder().setTypes(in, out).optModelPath(archive);
        if (in != Input.class) {
            criteria.optTranslatorFactory(new DeferredTranslatorFactory());
        }
        return criteria.build().loadModel();
    }

    @Test
    void archiveLoadsWithPlainCriteriaAndSearchesAtItsBudget() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of());
        try (ZooModel<ImageRequest, DiscardResult> model = load(archive, ImageRequest.class, DiscardResult.class);
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            assertInstanceOf(DiscardSearchBlock.class, model.getBlock());
            DiscardResult result = predictor.predict(ImageRequest.of(png(1)));
            assertEquals(8, result.stats().budget());
            assertEquals(8, result.stats().states());
            assertEquals(3, result.stats().networkCalls(), "1 + ceil((8 - 4) / 3)");
            assertEquals(5, result.topK().size());
            assertTrue(result.best().className().startsWith("class"));
            DiscardResult vanilla = predictor.predict(ImageRequest.of(png(1), 1));
            assertEquals(1, vanilla.stats().states());
            assertEquals(1, vanilla.stats().networkCalls());
        }
    }

    @Test
    void budgetOneGivesExactlyTheVanillaLogits() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of());
        try (ZooModel<ImageRequest, DiscardResult> model = load(archive, ImageRequest.class, DiscardResult.class);
                NDManager manager = model.getNDManager().newSubManager()) {
            DiscardSearchBlock block = (DiscardSearchBlock) model.getBlock();
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomNormal(new ai.djl.ndarray.types.Shape(3, 1, 56, 56));
            float[] vanilla = block.network().forward(store, new NDList(images), false).head().toFloatArray();
            NDList out = block.search(store, images, new int[] {1, 1, 1});
            assertArrayEquals(vanilla, out.get(0).toFloatArray(), 0f);
        }
    }

    @Test
    void batchesMixBudgetsAndKeepEachImagesOwn() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of());
        try (ZooModel<ImageRequest, DiscardResult> model = load(archive, ImageRequest.class, DiscardResult.class);
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            List<DiscardResult> batch = predictor.batchPredict(List.of(
                    ImageRequest.of(png(2), 1), ImageRequest.of(png(3), 16), ImageRequest.of(png(4))));
            assertEquals(List.of(1, 16, 8), batch.stream().map(r -> r.stats().states()).toList());
            DiscardResult alone = predictor.predict(ImageRequest.of(png(3), 16));
            assertEquals(alone.best().classIndex(), batch.get(1).best().classIndex());
            assertEquals(alone.best().probability(), batch.get(1).best().probability(), 1e-5);
        }
    }

    @Test
    void imageAndServingTranslatorsComeFromTheSameArchive() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of());
        try (ZooModel<Image, Classifications> model = load(archive, Image.class, Classifications.class);
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Image image = ImageFactory.getInstance().fromInputStream(new ByteArrayInputStream(png(1)));
            Classifications c = predictor.predict(image);
            assertInstanceOf(DiscardClassifications.class, c);
            assertEquals(8, ((DiscardClassifications) c).stats().states());
        }
        try (ZooModel<Input, Output> model = load(archive, Input.class, Output.class);
                Predictor<Input, Output> predictor = model.newPredictor()) {
            Input input = new Input();
            input.add(png(1));
            input.addProperty("X-Discard-Search-Budget", "4");
            Output output = predictor.predict(input);
            String json = output.getData().getAsString();
            assertTrue(json.contains("\"states\":4") && json.contains("\"predictions\""), json);
            assertEquals("4", output.getProperty("X-Discard-Search-States", null));
        }
    }

    @Test
    void corruptImagesAndBadBudgetsFailWithAClearTranslateException() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of());
        try (ZooModel<ImageRequest, DiscardResult> model = load(archive, ImageRequest.class, DiscardResult.class);
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            TranslateException empty = assertThrows(TranslateException.class,
                    () -> predictor.predict(ImageRequest.of(new byte[0])));
            assertTrue(message(empty).contains("0 bytes"), message(empty));
            TranslateException text = assertThrows(TranslateException.class,
                    () -> predictor.predict(ImageRequest.of("hello".getBytes(StandardCharsets.UTF_8))));
            assertTrue(message(text).contains("Image rejected"), message(text));
            assertEquals(ErrorCategory.BAD_INPUT, category(text));
            TranslateException budget = assertThrows(TranslateException.class,
                    () -> predictor.predict(ImageRequest.of(png(1), 31)));
            assertTrue(message(budget).contains("31") && message(budget).contains("30"), message(budget));
            assertEquals(ErrorCategory.BAD_INPUT, category(budget));
        }
    }

    @Test
    void inferenceCreatesNothingOnTheModelsManager() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of("discardSearch.criterion", "learned",
                "discardSearch.aggregation", "attention", "discardSearch.earlyExitEntropy", "0.5"));
        try (ZooModel<ImageRequest, DiscardResult> model = load(archive, ImageRequest.class, DiscardResult.class);
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            model.getNDManager().cap(); // anything attached to the model's manager from now on throws
            assertEquals(3, predictor.batchPredict(List.of(ImageRequest.of(png(5)), ImageRequest.of(png(6), 30),
                    ImageRequest.of(png(7), 1))).size());
        }
    }

    @Test
    void disabledArchiveIsVanilla() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of("discardSearch.enabled", "false"));
        try (ZooModel<ImageRequest, DiscardResult> model = load(archive, ImageRequest.class, DiscardResult.class);
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            DiscardResult result = predictor.predict(ImageRequest.of(png(1), 16));
            assertEquals(1, result.stats().budget());
            assertEquals(1, result.stats().states());
        }
    }

    @Test
    void unknownOrMalformedKeysFailTheLoadNamingTheKey() throws Exception {
        Path typo = TinyArchive.write(dir.resolve("typo"), Map.of("discardSearch.budgte", "4"));
        Exception e = assertThrows(Exception.class, () -> load(typo, ImageRequest.class, DiscardResult.class));
        assertTrue(causeMessages(e).contains("discardSearch.budgte")
                && causeMessages(e).contains("discardSearch.budget"), causeMessages(e));
        Path range = TinyArchive.write(dir.resolve("range"), Map.of("discardSearch.maxBudget", "60"));
        Exception r = assertThrows(Exception.class, () -> load(range, ImageRequest.class, DiscardResult.class));
        assertTrue(causeMessages(r).contains("discardSearch.maxBudget") && causeMessages(r).contains("60"),
                causeMessages(r));
    }

    private static String causeMessages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
            if (c instanceof ConfigException) {
                break;
            }
        }
        return all.toString();
    }

    private static String message(TranslateException e) {
        return e.getMessage();
    }

    private static ErrorCategory category(TranslateException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof DiscardSearchException d) {
                return d.category();
            }
        }
        return null;
    }

    /** A real grey 28×28 PNG of noise. */
    static byte[] png(int seed) throws IOException {
        return TinyArchive.png(seed);
    }
}
