package org.discardsearch.djl;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.OptionalInt;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.Prediction;

/**
 * Classifies a DJL {@link Image} with discard search at the archive's budget; the result is a
 * {@link DiscardClassifications} (the top classes, best first, plus the search's cost).
 */
public final class DiscardImageTranslator implements Translator<Image, Classifications> {

    private final ClassifierCore core;

    DiscardImageTranslator(ClassifierCore core) {
        this.core = core;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) throws Exception {
        return core.input(input, OptionalInt.empty(), ctx.getNDManager());
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        DiscardResult result = core.result(list);
        return new DiscardClassifications(result.topK().stream().map(Prediction::className).toList(),
                result.topK().stream().map(Prediction::probability).toList(), result.stats());
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
