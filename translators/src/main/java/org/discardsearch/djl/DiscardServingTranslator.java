package org.discardsearch.djl;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.BytesSupplier;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.JsonUtils;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.SearchStats;

/**
 * The DJL Serving translator: the request body is the encoded image, the optional header
 * {@value #BUDGET_PROPERTY} asks for a budget (1 = vanilla), and the answer is JSON with the top classes and
 * the search's cost, which also go out as headers.
 */
public final class DiscardServingTranslator implements Translator<Input, Output> {

    /** The request property (HTTP header) that sets this request's budget. */
    public static final String BUDGET_PROPERTY = "x-discard-search-budget";

    private final ClassifierCore core;

    DiscardServingTranslator(ClassifierCore core) {
        this.core = core;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Input input) throws Exception {
        BytesSupplier data = input.getData();
        byte[] bytes = data == null ? new byte[0] : data.getAsBytes();
        return core.input(core.decode(bytes), property(input, BUDGET_PROPERTY), ctx.getNDManager());
    }

    @Override
    public Output processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        DiscardResult result = core.result(list);
        SearchStats stats = result.stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("predictions", result.topK().stream().map(p -> Map.of(
                "class", p.className(), "index", p.classIndex(), "probability", p.probability())).toList());
        body.put("budget", stats.budget());
        body.put("states", stats.states());
        body.put("networkCalls", stats.networkCalls());
        body.put("earlyExit", stats.earlyExit());
        Output output = new Output();
        output.addProperty("Content-Type", "application/json");
        output.addProperty("X-Discard-Search-Budget", Integer.toString(stats.budget()));
        output.addProperty("X-Discard-Search-States", Integer.toString(stats.states()));
        output.addProperty("X-Discard-Search-Calls", Integer.toString(stats.networkCalls()));
        output.add(JsonUtils.GSON.toJson(body));
        return output;
    }

    /** Reads a property by name, ignoring case: HTTP header names are case-insensitive. */
    static String property(Input input, String name) {
        for (Map.Entry<String, String> e : input.getProperties().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
