package org.discardsearch.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import ai.djl.translate.TranslateException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores images with a model archive loaded the way DJL Serving loads it: {@code Criteria.optModelPath} on the
 * archive folder, whose {@code serving.properties} names the project's translator and block factories.
 *
 * <p>A micro-batch goes through {@link Predictor#batchPredict(List)} in one call. When the core rejects an image
 * of the batch, the batch is scored again one image at a time, so that only the bad image fails.
 *
 * <p>Not thread-safe: one predictor, used from one thread.
 */
public final class DjlRecordScorer implements RecordScorer {

    private static final Logger logger = LoggerFactory.getLogger(DjlRecordScorer.class);

    private final ZooModel<ImageRequest, DiscardResult> model;
    private final Predictor<ImageRequest, DiscardResult> predictor;
    private final int classCount;

    private DjlRecordScorer(ZooModel<ImageRequest, DiscardResult> model, int classCount) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.classCount = classCount;
    }

    /**
     * Loads an archive.
     *
     * @param archive the archive folder
     * @return the scorer
     * @throws DiscardSearchException of category BAD_CONFIG when the folder is missing or is not a loadable
     *     archive, naming the folder
     */
    public static DjlRecordScorer load(Path archive) {
        if (!Files.isDirectory(archive)) {
            throw new DiscardSearchException(ErrorCategory.BAD_CONFIG, "Model archive not found: "
                    + ConsumerKeys.ARCHIVE.name() + " = '" + archive + "'; expected a folder with serving.properties");
        }
        Criteria<ImageRequest, DiscardResult> criteria = Criteria.builder()
                .setTypes(ImageRequest.class, DiscardResult.class)
                .optModelPath(archive)
                .optEngine("PyTorch")
                // Reads the archive's translatorFactory; without it DJL picks its stock image translator.
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .build();
        try {
            ZooModel<ImageRequest, DiscardResult> model = criteria.loadModel();
            int classes = readClassCount(archive.resolve("synset.txt"));
            logger.info("Model {} loaded from {} ({} classes)", model.getName(), archive, classes);
            return new DjlRecordScorer(model, classes);
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new DiscardSearchException(ErrorCategory.BAD_CONFIG, "Model archive cannot be loaded: "
                    + ConsumerKeys.ARCHIVE.name() + " = '" + archive + "'; " + e.getMessage(), e);
        }
    }

    private static int readClassCount(Path synset) throws IOException {
        if (!Files.isRegularFile(synset)) {
            return 0;
        }
        return (int) Files.readAllLines(synset, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
    }

    @Override
    public String modelName() {
        return model.getName();
    }

    @Override
    public int classCount() {
        return classCount;
    }

    @Override
    public List<ScoreOutcome> score(List<ImageRequest> requests) {
        try {
            return predictor.batchPredict(requests).stream().map(ScoreOutcome::of).toList();
        } catch (TranslateException e) {
            DiscardSearchException cause = categorized(e);
            if (cause.category() != ErrorCategory.BAD_INPUT) {
                throw cause;
            }
        }
        List<ScoreOutcome> outcomes = new ArrayList<>(requests.size());
        for (ImageRequest request : requests) {
            try {
                outcomes.add(ScoreOutcome.of(predictor.predict(request)));
            } catch (TranslateException e) {
                DiscardSearchException cause = categorized(e);
                if (cause.category() != ErrorCategory.BAD_INPUT) {
                    throw cause;
                }
                outcomes.add(ScoreOutcome.failed(cause));
            }
        }
        return outcomes;
    }

    /** The core raises its own errors inside DJL's TranslateException; anything else is ours to call INTERNAL. */
    private static DiscardSearchException categorized(TranslateException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DiscardSearchException known) {
                return known;
            }
        }
        return new DiscardSearchException(ErrorCategory.INTERNAL, "Scoring failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
