package org.discardsearch.network;

import org.discardsearch.config.Architecture;

/** Builds the network an archive's {@code architecture} key names. */
public final class Architectures {

    private Architectures() {}

    /**
     * Builds the network with freshly initialisable parameters.
     *
     * @param architecture which architecture
     * @param classes the number of classes
     * @param width the compact models' width (ignored by the full-size ones)
     * @return the network
     */
    public static SegmentedNetwork build(Architecture architecture, int classes, int width) {
        return switch (architecture) {
            case RESNET18 -> ResNetBuilder.resnet18(classes);
            case RESNET50 -> ResNetBuilder.resnet50(classes);
            case MOBILENETV2 -> MobileNetV2Builder.mobilenetV2(classes);
            case COMPACT_RESNET -> ResNetBuilder.compact(classes, width);
            case COMPACT_MOBILENETV2 -> MobileNetV2Builder.compact(classes, width);
        };
    }

    /**
     * Builds the network named by its archive name.
     *
     * @param name e.g. {@code compact-resnet}
     * @param classes the number of classes
     * @param width the compact models' width
     * @return the network
     * @throws org.discardsearch.error.ConfigException naming the value and the allowed names
     */
    public static SegmentedNetwork build(String name, int classes, int width) {
        return build(org.discardsearch.config.ModelKeys.ARCHITECTURE.parse(name), classes, width);
    }
}
