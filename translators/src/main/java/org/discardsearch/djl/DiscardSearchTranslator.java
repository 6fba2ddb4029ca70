package org.discardsearch.djl;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;

/**
 * Classifies encoded image bytes with discard search: {@link ImageRequest} in, {@link DiscardResult} out. A
 * request may carry its own budget within [1, {@code discardSearch.maxBudget}]. Corrupt, empty or oversized
 * images and out-of-range budgets fail with a {@code TranslateException} whose message says what was wrong
 * and whose cause carries the error category. Batches stack, so DJL Serving's dynamic batching applies.
 */
public final class DiscardSearchTranslator implements Translator<ImageRequest, DiscardResult> {

    private final ClassifierCore core;

    DiscardSearchTranslator(ClassifierCore core) {
        this.core = core;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, ImageRequest input) throws Exception {
        return core.input(core.decode(input.bytes()), input.budget(), ctx.getNDManager());
    }

    @Override
    public DiscardResult processOutput(TranslatorContext ctx, NDList list) {
        return core.result(list);
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
