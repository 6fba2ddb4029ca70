package org.discardsearch.network;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The architectures this project can build, by the name used in an archive's {@code architecture} key. */
public enum Architecture {
    /** torchvision ResNet-18, 224×224 RGB. */
    RESNET18("resnet18"),
    /** torchvision ResNet-50, 224×224 RGB. */
    RESNET50("resnet50"),
    /** torchvision MobileNetV2, 224×224 RGB. */
    MOBILENETV2("mobilenetv2"),
    /** ResNet-18's layout at small width, for 56×56 grey images. */
    COMPACT_RESNET("compact-resnet"),
    /** MobileNetV2's layout at small width, for 56×56 grey images. */
    COMPACT_MOBILENETV2("compact-mobilenetv2");

    private final String key;

    Architecture(String key) {
        this.key = key;
    }

    /**
     * Returns the name used in archives.
     *
     * @return e.g. {@code compact-resnet}
     */
    public String key() {
        return key;
    }

    /**
     * Finds an architecture by its archive name.
     *
     * @param name the name
     * @return the architecture
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static Architecture fromKey(String name) {
        for (Architecture a : values()) {
            if (a.key.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Invalid value '" + name + "' for architecture; allowed: "
                + Arrays.stream(values()).map(Architecture::key).collect(Collectors.joining(", ")));
    }

    /**
     * Builds the network with freshly initialisable parameters.
     *
     * @param classes the number of classes
     * @param width the compact models' width (ignored by the full-size ones)
     * @return the network
     */
    public SegmentedNetwork build(int classes, int width) {
        return switch (this) {
            case RESNET18 -> ResNetBuilder.resnet18(classes);
            case RESNET50 -> ResNetBuilder.resnet50(classes);
            case MOBILENETV2 -> MobileNetV2Builder.mobilenetV2(classes);
            case COMPACT_RESNET -> ResNetBuilder.compact(classes, width);
            case COMPACT_MOBILENETV2 -> MobileNetV2Builder.compact(classes, width);
        };
    }
}
