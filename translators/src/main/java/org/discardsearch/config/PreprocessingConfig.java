package org.discardsearch.config;

import static org.discardsearch.config.ModelKeys.IMAGE_CHANNELS;
import static org.discardsearch.config.ModelKeys.IMAGE_MEAN;
import static org.discardsearch.config.ModelKeys.IMAGE_RESIZE;
import static org.discardsearch.config.ModelKeys.IMAGE_SIZE;
import static org.discardsearch.config.ModelKeys.IMAGE_STD;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.discardsearch.error.ConfigException;

/**
 * How an image becomes the network's input tensor, immutable and validated: optionally resize the shorter side
 * to {@code resize} and centre-crop to {@code size}, or (when {@code resize} is 0) resize straight to
 * {@code size}; convert to {@code channels}; scale pixels to [0, 1]; subtract {@code mean} and divide by
 * {@code std}, per channel.
 *
 * @param size side of the square network input, in pixels ({@link ModelKeys#IMAGE_SIZE})
 * @param resize shorter side before the centre crop, or 0 ({@link ModelKeys#IMAGE_RESIZE})
 * @param channels 1 (grayscale) or 3 (RGB) ({@link ModelKeys#IMAGE_CHANNELS})
 * @param mean one value for every channel, or one per channel ({@link ModelKeys#IMAGE_MEAN})
 * @param std one positive value for every channel, or one per channel ({@link ModelKeys#IMAGE_STD})
 */
public record PreprocessingConfig(int size, int resize, int channels, List<Float> mean, List<Float> std)
        implements EffectiveConfig {

    /**
     * Validates every component and the cross-key rules, and copies the lists.
     *
     * @throws ConfigException naming the key and value at fault
     */
    public PreprocessingConfig {
        IMAGE_SIZE.check(size);
        IMAGE_RESIZE.check(resize);
        IMAGE_CHANNELS.check(channels);
        mean = List.copyOf(IMAGE_MEAN.check(mean));
        std = List.copyOf(IMAGE_STD.check(std));
        checkCrossKeyRules(size, resize, channels, mean, std);
    }

    /**
     * Parses the {@value ModelKeys#IMAGE_PREFIX} keys out of archive arguments; an undeclared key under that
     * prefix fails.
     *
     * @param arguments the arguments DJL passes from {@code serving.properties}
     * @return the preprocessing
     * @throws ConfigException for an unknown, missing or invalid key, or a broken cross-key rule
     */
    public static PreprocessingConfig fromArguments(Map<String, ?> arguments) {
        ModelKeys.KEYS.rejectUnknown(arguments);
        return new PreprocessingConfig(IMAGE_SIZE.require(arguments), IMAGE_RESIZE.require(arguments),
                IMAGE_CHANNELS.require(arguments), IMAGE_MEAN.require(arguments), IMAGE_STD.require(arguments));
    }

    private static void checkCrossKeyRules(int size, int resize, int channels, List<Float> mean, List<Float> std) {
        if (resize != 0 && resize < size) {
            throw new ConfigException(IMAGE_RESIZE.name(), "Invalid value '" + resize + "' for "
                    + IMAGE_RESIZE.name() + "; allowed: 0, or at least " + IMAGE_SIZE.name() + " = '" + size + "'");
        }
        checkLength(IMAGE_MEAN, mean, channels);
        checkLength(IMAGE_STD, std, channels);
    }

    private static void checkLength(ConfigKey<List<Float>> key, List<Float> values, int channels) {
        if (values.size() != 1 && values.size() != channels) {
            throw new ConfigException(key.name(), "Invalid value '" + key.format(values) + "' for " + key.name()
                    + "; allowed: 1 value, or " + IMAGE_CHANNELS.name() + " = '" + channels + "' values");
        }
    }

    /**
     * Returns the mean of each channel, repeating a single value.
     *
     * @return a new array of length {@code channels}
     */
    public float[] meanPerChannel() {
        return perChannel(mean);
    }

    /**
     * Returns the standard deviation of each channel, repeating a single value.
     *
     * @return a new array of length {@code channels}
     */
    public float[] stdPerChannel() {
        return perChannel(std);
    }

    private float[] perChannel(List<Float> values) {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = values.get(values.size() == 1 ? 0 : c);
        }
        return out;
    }

    /**
     * Returns the effective value of every key, as a user would write it, sorted by key.
     *
     * @return key to value, sorted by key
     */
    @Override
    public SortedMap<String, String> effectiveValues() {
        SortedMap<String, String> values = new TreeMap<>();
        values.put(IMAGE_SIZE.name(), IMAGE_SIZE.format(size));
        values.put(IMAGE_RESIZE.name(), IMAGE_RESIZE.format(resize));
        values.put(IMAGE_CHANNELS.name(), IMAGE_CHANNELS.format(channels));
        values.put(IMAGE_MEAN.name(), IMAGE_MEAN.format(mean));
        values.put(IMAGE_STD.name(), IMAGE_STD.format(std));
        return values;
    }
}
