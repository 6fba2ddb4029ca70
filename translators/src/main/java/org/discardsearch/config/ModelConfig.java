package org.discardsearch.config;

import static org.discardsearch.config.ModelKeys.ARCHITECTURE;
import static org.discardsearch.config.ModelKeys.CLASSES;
import static org.discardsearch.config.ModelKeys.WIDTH;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.discardsearch.error.ConfigException;

/**
 * What an archive's model is and how its input is prepared, parsed and validated, immutable.
 *
 * @param architecture the network ({@link ModelKeys#ARCHITECTURE})
 * @param classes number of classes, at least 2 ({@link ModelKeys#CLASSES})
 * @param width channel width of the compact models' first stage ({@link ModelKeys#WIDTH})
 * @param preprocessing how an image becomes the input tensor (the {@value ModelKeys#IMAGE_PREFIX} keys)
 */
public record ModelConfig(Architecture architecture, int classes, int width, PreprocessingConfig preprocessing)
        implements EffectiveConfig {

    /**
     * Validates every component.
     *
     * @throws ConfigException naming the key and value at fault
     */
    public ModelConfig {
        ARCHITECTURE.check(architecture);
        CLASSES.check(classes);
        WIDTH.check(width);
        Objects.requireNonNull(preprocessing, "preprocessing");
    }

    /**
     * Parses the model keys out of archive arguments. Keys that are neither declared in {@link ModelKeys} nor
     * under {@value ModelKeys#IMAGE_PREFIX} are ignored; they belong to DJL or to {@link DiscardSearchConfig}.
     *
     * @param arguments the arguments DJL passes from {@code serving.properties}; values are read through
     *     {@code toString()}
     * @return the model configuration
     * @throws ConfigException for an unknown {@code image.} key (suggesting the closest), a missing required key
     *     ({@code architecture}, {@code classes}, {@code image.size}), an invalid value, or a broken cross-key rule
     */
    public static ModelConfig fromArguments(Map<String, ?> arguments) {
        // First, because it rejects unknown keys before any value is read.
        PreprocessingConfig preprocessing = PreprocessingConfig.fromArguments(arguments);
        return new ModelConfig(ARCHITECTURE.require(arguments), CLASSES.require(arguments), WIDTH.require(arguments),
                preprocessing);
    }

    /**
     * Returns the effective value of every model and preprocessing key, sorted by key.
     *
     * @return key to value, sorted by key
     */
    @Override
    public SortedMap<String, String> effectiveValues() {
        SortedMap<String, String> values = new TreeMap<>(preprocessing.effectiveValues());
        values.put(ARCHITECTURE.name(), ARCHITECTURE.format(architecture));
        values.put(CLASSES.name(), CLASSES.format(classes));
        values.put(WIDTH.name(), WIDTH.format(width));
        return values;
    }

    /**
     * Returns the effective configuration on one line, sorted by key.
     *
     * @return e.g. {@code ModelConfig{architecture=resnet18, classes=10, ...}}
     */
    @Override
    public String toString() {
        return "ModelConfig" + effectiveValues();
    }
}
