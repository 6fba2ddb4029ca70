package org.discardsearch.config;

/**
 * Which network an archive holds ({@code architecture}).
 * Configured by its lower-case, hyphenated name ({@link #configName()}).
 */
public enum Architecture {
    /** ResNet-18 (ImageNet-style stem). */
    RESNET18,
    /** ResNet-50 (ImageNet-style stem). */
    RESNET50,
    /** MobileNetV2. */
    MOBILENETV2,
    /** A small ResNet for low-resolution inputs, scaled by {@code width}. */
    COMPACT_RESNET,
    /** A small MobileNetV2 for low-resolution inputs, scaled by {@code width}. */
    COMPACT_MOBILENETV2;

    /**
     * Returns the name used in configuration.
     *
     * @return the lower-case, hyphenated name
     */
    public String configName() {
        return ValueType.enumName(this);
    }

    @Override
    public String toString() {
        return configName();
    }
}
