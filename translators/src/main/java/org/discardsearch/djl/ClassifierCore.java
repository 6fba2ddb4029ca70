package org.discardsearch.djl;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.config.PreprocessingConfig;
import org.discardsearch.image.ImageDecoder;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.Prediction;
import org.discardsearch.result.SearchStats;

/**
 * What every translator of an archive shares: decoding, preprocessing, the request's budget, and turning the
 * block's output row into a {@link DiscardResult}. Thread-safe and immutable.
 */
final class ClassifierCore {

    private static final int TOP_K = 5;

    private final ImageDecoder decoder = ImageDecoder.builder().build();
    private final Preprocessing preprocessing;
    private final DiscardSearchConfig config;
    private final List<String> synset;

    ClassifierCore(PreprocessingConfig preprocessingConfig, DiscardSearchConfig config, List<String> synset) {
        this.preprocessing = Preprocessing.builder()
                .setSize(preprocessingConfig.size())
                .optResize(preprocessingConfig.resize())
                .optChannels(preprocessingConfig.channels())
                .optMean(preprocessingConfig.meanPerChannel())
                .optStd(preprocessingConfig.stdPerChannel())
                .build();
        this.config = config;
        this.synset = List.copyOf(synset);
    }

    /** Decodes encoded bytes; a bad image becomes a TranslateException carrying its message. */
    Image decode(byte[] bytes) throws TranslateException {
        try {
            return decoder.decode(bytes);
        } catch (DiscardSearchException e) {
            throw new TranslateException(e.getMessage(), e);
        }
    }

    /** Builds the block's input for one image: the tensor and the budget, both on the given manager. */
    NDList input(Image image, OptionalInt requestedBudget, NDManager manager) throws TranslateException {
        try {
            int budget = config.resolveRequestBudget(
                    requestedBudget.isPresent() ? Integer.toString(requestedBudget.getAsInt()) : null);
            return input(image, budget, manager);
        } catch (DiscardSearchException e) {
            throw new TranslateException(e.getMessage(), e);
        }
    }

    /** Builds the block's input for one image with a budget given as text (an HTTP header, say). */
    NDList input(Image image, String requestedBudget, NDManager manager) throws TranslateException {
        try {
            return input(image, config.resolveRequestBudget(requestedBudget), manager);
        } catch (DiscardSearchException e) {
            throw new TranslateException(e.getMessage(), e);
        }
    }

    private NDList input(Image image, int budget, NDManager manager) {
        NDArray tensor = preprocessing.toTensor(image, manager);
        return new NDList(tensor, manager.create(budget));
    }

    /** Reads one image's output row: logits (K) and stats (4). */
    DiscardResult result(NDList output) {
        NDArray logits = output.get(0);
        int[] stats = output.get(1).toType(DataType.INT32, false).toIntArray();
        float[] probabilities = logits.softmax(-1).toFloatArray();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Float.compare(probabilities[b], probabilities[a]));
        List<Prediction> top = new ArrayList<>();
        for (int i = 0; i < Math.min(TOP_K, order.size()); i++) {
            int c = order.get(i);
            top.add(new Prediction(c, className(c), Math.min(1.0, Math.max(0.0, probabilities[c]))));
        }
        return new DiscardResult(top, new SearchStats(stats[0], stats[1], stats[2], stats[3] == 1));
    }

    private String className(int index) {
        return index < synset.size() ? synset.get(index) : "class_" + index;
    }
}
