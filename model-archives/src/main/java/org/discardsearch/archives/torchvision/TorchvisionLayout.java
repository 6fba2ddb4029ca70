package org.discardsearch.archives.torchvision;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.layer.PhaseConv2d;
import org.discardsearch.layer.PhaseMaxPool2d;
import org.discardsearch.layer.PhaseSequential;
import org.discardsearch.layer.SharedPhaseResidual;
import org.discardsearch.network.SegmentedNetwork;

/**
 * Names the layers of one of our networks the way torchvision names them, by walking the network in
 * torchvision's order: the ResNet family ({@code conv1}, {@code bn1}, {@code maxpool},
 * {@code layer<s>.<b>.conv<i>}/{@code bn<i>}, {@code layer<s>.<b>.downsample.0/1}, {@code fc}) and MobileNetV2
 * ({@code features.0.0/1}, {@code features.<i>.conv.<j>.0/1} for the convolution-norm-activation steps of an
 * inverted residual, {@code features.<i>.conv.<k>/<k+1>} for its projection and norm, {@code features.18.0/1},
 * {@code classifier.1}). Each layer comes with the settings torchvision's module has when it computes what ours
 * computes, and with our parameters under torchvision's tensor names.
 */
final class TorchvisionLayout {

    /** One torchvision module and the block of ours that stands for it. */
    record Layer(String module, String type, Map<String, String> settings, Map<String, Parameter> tensors) {}

    /** PyTorch's BatchNorm2d default, which {@code network.Layers} gives our batch norms too. */
    static final String BATCH_NORM_EPS = Double.toString(1e-5);

    private final List<Layer> layers = new ArrayList<>();

    private TorchvisionLayout() {}

    /**
     * Lists the layers of a network built by {@code ResNetBuilder} or {@code MobileNetV2Builder}.
     *
     * @param network the network
     * @return its layers in torchvision's order
     * @throws IllegalArgumentException if the network is of neither family
     */
    static List<Layer> of(SegmentedNetwork network) {
        TorchvisionLayout layout = new TorchvisionLayout();
        List<Block> units = network.units();
        if (units.get(0) instanceof PhaseConv2d) {
            layout.resnet(units);
            layout.linear("fc", network.head().fc());
        } else if (units.get(0) instanceof PhaseSequential) {
            layout.mobileNetV2(units);
            layout.linear("classifier.1", network.head().fc());
        } else {
            throw new IllegalArgumentException("No torchvision layout for " + network);
        }
        return layout.layers;
    }

    private void resnet(List<Block> units) {
        conv("conv1", units.get(0));
        batchNorm("bn1", units.get(1));
        PhaseMaxPool2d pool = (PhaseMaxPool2d) units.get(3);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kernel_size", pair(pool.kernel()));
        settings.put("stride", pair(pool.stride()));
        settings.put("padding", pair(pool.padding()));
        settings.put("dilation", pair(1));
        settings.put("ceil_mode", "false");
        layers.add(new Layer("maxpool", "MaxPool2d", settings, Map.of()));
        int stage = 0;
        int block = 0;
        for (int i = 4; i < units.size(); i++) {
            SharedPhaseResidual residual = (SharedPhaseResidual) units.get(i);
            // A stage's first block is the only one with a projection shortcut, except ResNet-18's layer1.0,
            // which is the network's first block anyway.
            if (i == 4 || residual.shortcut() != null) {
                stage++;
                block = 0;
            }
            String prefix = "layer" + stage + "." + block + ".";
            int convs = 0;
            int norms = 0;
            for (Block step : residual.main().blocks()) {
                if (step instanceof PhaseConv2d) {
                    conv(prefix + "conv" + ++convs, step);
                } else if (step instanceof BatchNorm) {
                    batchNorm(prefix + "bn" + ++norms, step);
                }
            }
            if (residual.shortcut() != null) {
                conv(prefix + "downsample.0", residual.shortcut().blocks().get(0));
                batchNorm(prefix + "downsample.1", residual.shortcut().blocks().get(1));
            }
            block++;
        }
    }

    private void mobileNetV2(List<Block> units) {
        for (int i = 0; i < units.size(); i++) {
            Block unit = units.get(i);
            PhaseSequential steps = unit instanceof SharedPhaseResidual residual ? residual.main()
                    : (PhaseSequential) unit;
            List<Block> convs = steps.blocks().stream().filter(b -> b instanceof PhaseConv2d).toList();
            List<Block> norms = steps.blocks().stream().filter(b -> b instanceof BatchNorm).toList();
            if (convs.size() == 1) {
                // Conv2dNormActivation: the stem and the last 1x1 convolution.
                conv("features." + i + ".0", convs.get(0));
                batchNorm("features." + i + ".1", norms.get(0));
                continue;
            }
            // InvertedResidual: conv.j = Conv2dNormActivation for all but the last convolution, then the
            // projection conv.k and its norm conv.(k+1).
            int last = convs.size() - 1;
            for (int j = 0; j < last; j++) {
                conv("features." + i + ".conv." + j + ".0", convs.get(j));
                batchNorm("features." + i + ".conv." + j + ".1", norms.get(j));
            }
            conv("features." + i + ".conv." + last, convs.get(last));
            batchNorm("features." + i + ".conv." + (last + 1), norms.get(last));
        }
    }

    private void conv(String module, Block block) {
        PhaseConv2d conv = (PhaseConv2d) block;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("stride", pair(conv.stride()));
        settings.put("padding", pair(conv.padding()));
        settings.put("dilation", pair(1));
        settings.put("groups", Integer.toString(conv.groups()));
        settings.put("transposed", "false");
        settings.put("padding_mode", "zeros");
        Map<String, Parameter> tensors = new LinkedHashMap<>();
        tensors.put("weight", conv.weight());
        if (conv.bias() != null) {
            tensors.put("bias", conv.bias());
        }
        layers.add(new Layer(module, "Conv2d", settings, tensors));
    }

    private void batchNorm(String module, Block block) {
        Map<String, Parameter> tensors = new LinkedHashMap<>();
        tensors.put("weight", block.getParameters().get("gamma"));
        tensors.put("bias", block.getParameters().get("beta"));
        tensors.put("running_mean", block.getParameters().get("runningMean"));
        tensors.put("running_var", block.getParameters().get("runningVar"));
        layers.add(new Layer(module, "BatchNorm2d", Map.of("eps", BATCH_NORM_EPS), tensors));
    }

    private void linear(String module, Linear linear) {
        Map<String, Parameter> tensors = new LinkedHashMap<>();
        tensors.put("weight", linear.getParameters().get("weight"));
        tensors.put("bias", linear.getParameters().get("bias"));
        layers.add(new Layer(module, "Linear", Map.of(), tensors));
    }

    private static String pair(int value) {
        return value + "x" + value;
    }
}
