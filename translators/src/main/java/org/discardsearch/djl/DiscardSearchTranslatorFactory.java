package org.discardsearch.djl;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.PreprocessingConfig;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;

/**
 * Creates an archive's translators: {@code Image → Classifications}, {@code ImageRequest → DiscardResult} and
 * {@code Input → Output} (DJL Serving). Preprocessing ({@code image.*}) and search settings come from the archive's
 * arguments, class names from its {@code synset.txt}; the network is the block factory's business, so built-in
 * and imported archives share these translators.
 */
public final class DiscardSearchTranslatorFactory implements TranslatorFactory {

    /** The file in the archive that lists one class name per line. */
    public static final String SYNSET = "synset.txt";

    private static final Set<Pair<Type, Type>> SUPPORTED = Set.of(
            new Pair<>(Image.class, Classifications.class),
            new Pair<>(ImageRequest.class, DiscardResult.class),
            new Pair<>(Input.class, Output.class));

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return SUPPORTED;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
            Map<String, ?> arguments) throws TranslateException {
        ClassifierCore core = new ClassifierCore(PreprocessingConfig.fromArguments(arguments),
                DiscardSearchConfig.fromArguments(arguments), synset(model.getModelPath()));
        if (input == ImageRequest.class && output == DiscardResult.class) {
            return (Translator<I, O>) new DiscardSearchTranslator(core);
        }
        if (input == Image.class && output == Classifications.class) {
            return (Translator<I, O>) new DiscardImageTranslator(core);
        }
        if (input == Input.class && output == Output.class) {
            return (Translator<I, O>) new DiscardServingTranslator(core);
        }
        throw new IllegalArgumentException("Unsupported input/output types: " + input.getName() + " -> "
                + output.getName() + "; supported: Image -> Classifications, ImageRequest -> DiscardResult, "
                + "Input -> Output");
    }

    private static List<String> synset(Path modelDir) throws TranslateException {
        Path file = modelDir == null ? null : modelDir.resolve(SYNSET);
        if (file == null || !Files.isRegularFile(file)) {
            throw new TranslateException("Archive has no " + SYNSET + ": looked for " + file
                    + "; expected one class name per line");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new TranslateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
