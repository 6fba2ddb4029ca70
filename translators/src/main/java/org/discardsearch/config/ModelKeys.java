package org.discardsearch.config;

import java.util.List;

/**
 * The declarations of the keys of {@code serving.properties} that describe the model and its preprocessing.
 * They sit outside {@value DiscardSearchKeys#PREFIX} because they describe the model, not the search. The
 * {@value #IMAGE_PREFIX} namespace is ours: an undeclared key under it fails the model load. The bare keys
 * ({@code architecture}, {@code classes}, {@code width}) share a namespace with DJL's own arguments, so a
 * misspelling of them is not caught here; it shows up as a missing required key or an unchanged default.
 * Parsed into a {@link ModelConfig}. The key strings are public API.
 */
public final class ModelKeys {

    /** The namespace of the preprocessing keys. */
    public static final String IMAGE_PREFIX = "image.";

    /** Which network the archive holds. */
    public static final ConfigKey<Architecture> ARCHITECTURE = ConfigKey.required("architecture",
            ValueType.ofEnum(Architecture.class), Validator.any(), "The network the archive's parameters belong to.");

    /** Number of classes. */
    public static final ConfigKey<Integer> CLASSES = ConfigKey.required("classes", ValueType.INT,
            Validator.atLeast(2), "Number of classes the head predicts.");

    /** Base channel width of the compact models. */
    public static final ConfigKey<Integer> WIDTH = ConfigKey.of("width", ValueType.INT, "16", Validator.atLeast(1),
            "Channel width of the compact models' first stage; ignored by the other architectures.");

    /** The network's input side. */
    public static final ConfigKey<Integer> IMAGE_SIZE = ConfigKey.required(IMAGE_PREFIX + "size", ValueType.INT,
            Validator.between(8, 1024), "Side of the square network input in pixels, e.g. 28, 56 or 224.");

    /** Shorter side before the centre crop. */
    public static final ConfigKey<Integer> IMAGE_RESIZE = ConfigKey.of(IMAGE_PREFIX + "resize", ValueType.INT, "0",
            Validator.atLeast(0), "Shorter side in pixels before a centre crop to image.size; 0 = resize straight"
                    + " to image.size.");

    /** Number of input channels. */
    public static final ConfigKey<Integer> IMAGE_CHANNELS = ConfigKey.of(IMAGE_PREFIX + "channels", ValueType.INT,
            "3", Validator.oneOf(1, 3), "Input channels: 1 = grayscale, 3 = RGB.");

    /** Per-channel mean subtracted after scaling pixels to [0, 1]. */
    public static final ConfigKey<List<Float>> IMAGE_MEAN = ConfigKey.of(IMAGE_PREFIX + "mean", ValueType.FLOAT_LIST,
            "0", Validator.any(), "Mean subtracted from pixels scaled to [0, 1]: one value, or one per channel.");

    /** Per-channel standard deviation divided out after subtracting the mean. */
    public static final ConfigKey<List<Float>> IMAGE_STD = ConfigKey.of(IMAGE_PREFIX + "std", ValueType.FLOAT_LIST,
            "1", Validator.each(Validator.<Float>of(v -> v > 0f, "> 0")),
            "Standard deviation the centred pixels are divided by: one value, or one per channel.");

    /** Every key above, in declaration order. */
    public static final ConfigKeySet KEYS = new ConfigKeySet("Model and preprocessing", List.of(IMAGE_PREFIX),
            List.of(ARCHITECTURE, CLASSES, WIDTH, IMAGE_SIZE, IMAGE_RESIZE, IMAGE_CHANNELS, IMAGE_MEAN, IMAGE_STD));

    private ModelKeys() {
    }
}
