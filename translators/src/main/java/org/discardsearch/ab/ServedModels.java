package org.discardsearch.ab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.discardsearch.config.AbConfig;
import org.discardsearch.error.ConfigException;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.ModelConfig;
import org.discardsearch.config.ModelKeys;

/**
 * Recognises served models that use discard search, from their properties (the archive's arguments as the
 * server holds them), and describes their effective configuration.
 */
public final class ServedModels {

    /**
     * The translator factory an archive names when it uses discard search; equal to
     * {@code DiscardSearchTranslatorFactory.class.getName()}, which this package cannot import.
     */
    public static final String TRANSLATOR_FACTORY = "org.discardsearch.djl.DiscardSearchTranslatorFactory";

    /** The archive argument that names the translator factory. */
    public static final String TRANSLATOR_FACTORY_KEY = "translatorFactory";

    private ServedModels() {
    }

    /**
     * Tells whether a model uses this project's translator.
     *
     * @param properties the model's properties
     * @return true when {@value #TRANSLATOR_FACTORY_KEY} names {@link #TRANSLATOR_FACTORY}
     */
    public static boolean usesDiscardSearch(Map<String, String> properties) {
        return TRANSLATOR_FACTORY.equals(properties.get(TRANSLATOR_FACTORY_KEY));
    }

    /**
     * Reads a model's A/B split.
     *
     * @param properties the model's properties
     * @return its A/B configuration
     * @throws ConfigException if {@code discardSearch.abSearchFraction} is malformed (the load would have
     *     failed first)
     */
    public static AbConfig abConfig(Map<String, String> properties) {
        return AbConfig.fromArguments(properties);
    }

    /**
     * Reads a model's number of classes.
     *
     * @param properties the model's properties
     * @return the {@code classes} argument, when present and valid
     */
    public static OptionalInt classes(Map<String, String> properties) {
        try {
            return ModelKeys.CLASSES.lookup(properties).map(OptionalInt::of).orElse(OptionalInt.empty());
        } catch (ConfigException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Describes one served model: {@code name, version, status}, then {@code discardSearch} (every
     * discard-search key with its effective value), {@code model} (architecture and preprocessing) and
     * {@code ab} (the split); or {@code error} when the properties do not parse.
     *
     * @param name the model's name on the server
     * @param version its version, or null
     * @param status its loading status, e.g. {@code READY}
     * @param properties its properties
     * @return the description
     */
    public static Map<String, Object> describe(String name, String version, String status,
            Map<String, String> properties) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("version", version);
        json.put("status", status);
        try {
            json.put("discardSearch", DiscardSearchConfig.fromArguments(properties).effectiveValues());
            json.put("model", ModelConfig.fromArguments(properties).effectiveValues());
            json.put("ab", abConfig(properties).effectiveValues());
        } catch (ConfigException e) {
            json.put("error", e.getMessage());
        }
        return json;
    }
}
