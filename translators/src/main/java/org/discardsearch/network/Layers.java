package org.discardsearch.network;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import org.discardsearch.layer.BatchNormFolding;
import org.discardsearch.layer.PhaseConv2d;

/** The small building blocks the architectures share: convolutions without bias, batch norms, activations. */
final class Layers {

    private Layers() {}

    static PhaseConv2d conv(int kernel, int filters, int stride) {
        return PhaseConv2d.builder().setKernel(kernel).setFilters(filters).optStride(stride)
                .optPadding((kernel - 1) / 2).build();
    }

    static PhaseConv2d depthwise(int kernel, int channels, int stride) {
        return PhaseConv2d.builder().setKernel(kernel).setFilters(channels).optGroups(channels)
                .optStride(stride).optPadding((kernel - 1) / 2).build();
    }

    static Block batchNorm() {
        // PyTorch's defaults: eps 1e-5, running statistics updated by 0.1 of each batch.
        return BatchNorm.builder().optEpsilon(BatchNormFolding.EPSILON).optMomentum(0.9f).build();
    }

    static Block relu() {
        return Activation.reluBlock();
    }

    static Block relu6() {
        return Activation.relu6Block();
    }
}
