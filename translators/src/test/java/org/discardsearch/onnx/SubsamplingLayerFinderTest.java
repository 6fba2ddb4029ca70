package org.discardsearch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubsamplingLayerFinderTest {

    /** Each layer as "stride:input->output*nodes", and the aggregated map's resolution. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "resnet18           | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*2 2:28x28->14x14*2"
                + " 2:14x14->7x7*2 | 7x7",
        "mobilenet_v2       | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*1 2:28x28->14x14*1"
                + " 2:14x14->7x7*1 | 7x7",
        "shufflenet_v2_x1_0 | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*2 2:28x28->14x14*2"
                + " 2:14x14->7x7*2 | 7x7",
        "squeezenet1_1      | 2:224x224->111x111*1 2:111x111->55x55*1 2:55x55->27x27*1 2:27x27->13x13*1 | 13x13",
        "mnasnet0_5         | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*1 2:28x28->14x14*1"
                + " 2:14x14->7x7*1 | 7x7",
        "resnet50           | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*2 2:28x28->14x14*2"
                + " 2:14x14->7x7*2 | 7x7",
        "resnext50_32x4d    | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*2 2:28x28->14x14*2"
                + " 2:14x14->7x7*2 | 7x7",
        "wide_resnet50_2    | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*2 2:28x28->14x14*2"
                + " 2:14x14->7x7*2 | 7x7",
        "mobilenet_v3_small | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*1 2:28x28->14x14*1"
                + " 2:14x14->7x7*1 | 7x7",
        "efficientnet_b0    | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*1 2:28x28->14x14*1"
                + " 2:14x14->7x7*1 | 7x7",
        "regnet_y_400mf     | 2:224x224->112x112*1 2:112x112->56x56*2 2:56x56->28x28*2 2:28x28->14x14*2"
                + " 2:14x14->7x7*2 | 7x7",
        "densenet121        | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*1 2:28x28->14x14*1"
                + " 2:14x14->7x7*1 | 7x7",
        "googlenet          | 2:224x224->112x112*1 2:112x112->56x56*1 2:56x56->28x28*1 2:28x28->14x14*1"
                + " 2:14x14->7x7*1 | 7x7",
        // Inception-v3's unpadded 3x3 convolutions shrink the map between layers; its reductions (Mixed_6a,
        // Mixed_7a) are three parallel strided branches, two convolutions and a max pool.
        "inception_v3       | 2:224x224->111x111*1 2:109x109->54x54*1 2:52x52->25x25*1 2:25x25->12x12*3"
                + " 2:12x12->5x5*3 | 5x5",
        // ConvNeXt's stem is a 4x4 convolution of stride 4: 16 phases.
        "convnext_tiny      | 4:224x224->56x56*1 2:56x56->28x28*1 2:28x28->14x14*1 2:14x14->7x7*1 | 7x7",
    })
    void findsEveryResolutionTransition(String name, String expected, String aggregated) {
        SubsamplingLayers layers = SubsamplingLayerFinder.find(OnnxModelReader.read(OnnxFixtures.model(name)), 224);

        assertEquals(expected, layers.layers().stream()
                .map(l -> l.stride() + ":" + l.input() + "->" + l.output() + "*" + l.nodes().size())
                .collect(Collectors.joining(" ")));
        assertEquals(aggregated, layers.aggregatedResolution().toString());
    }

    @Test
    void groupsAResidualBlocksStridedConvolutionWithItsShortcut() {
        SubsamplingLayers layers =
                SubsamplingLayerFinder.find(OnnxModelReader.read(OnnxFixtures.model("resnet18")), 224);

        List<StridedNode> block = layers.layers().get(2).nodes();
        assertEquals(List.of("/layer2/layer2.0/conv1/Conv", "/layer2/layer2.0/downsample/downsample.0/Conv"),
                block.stream().map(StridedNode::node).toList());
        assertEquals(List.of(3L, 3L), block.get(0).kernel());
        assertEquals(List.of(1L, 1L), block.get(1).kernel());
        assertEquals(block.get(0).input(), block.get(1).input(), "both read the block's input");
        assertEquals(4, layers.layers().get(2).phases());
    }

    @Test
    void recordsWhatEachNodePadsWith() {
        SubsamplingLayers layers =
                SubsamplingLayerFinder.find(OnnxModelReader.read(OnnxFixtures.model("squeezenet1_1")), 224);

        StridedNode stem = layers.layers().get(0).nodes().get(0);
        StridedNode pool = layers.layers().get(1).nodes().get(0);
        assertEquals(PadFill.ZERO, stem.fill());
        assertEquals(PadFill.MINUS_INFINITY, pool.fill());
        assertTrue(pool.ceilMode(), "squeezenet's pools round up");
        assertEquals(List.of(0L, 0L, 0L, 0L), pool.pads());
    }

    @Test
    void groupsTheParallelBranchesOfAnInceptionReduction() {
        SubsamplingLayers layers =
                SubsamplingLayerFinder.find(OnnxModelReader.read(OnnxFixtures.model("inception_v3")), 224);

        List<StridedNode> reduction = layers.layers().get(3).nodes();
        assertEquals(List.of("Conv", "Conv", "MaxPool"), reduction.stream().map(StridedNode::opType).toList());
        assertEquals(List.of(PadFill.ZERO, PadFill.ZERO, PadFill.MINUS_INFINITY),
                reduction.stream().map(StridedNode::fill).toList());
    }

    @Test
    void searchesEveryLayerButTheFirstAndTheLastByDefault() {
        assertEquals(List.of(1, 2, 3), SubsamplingLayerFinder
                .find(OnnxModelReader.read(OnnxFixtures.model("mobilenet_v2")), 224).defaultSearched());
        assertEquals(List.of(1, 2), SubsamplingLayerFinder
                .find(OnnxModelReader.read(OnnxFixtures.model("squeezenet1_1")), 224).defaultSearched());
    }

    @Test
    void aggregatesTheInputOfTheLastGlobalPooling() {
        SubsamplingLayers layers =
                SubsamplingLayerFinder.find(OnnxModelReader.read(OnnxFixtures.model("resnet18")), 224);

        assertEquals("/layer4/layer4.1/relu_1/Relu_output_0", layers.aggregatedMap());
    }

    @Test
    void rejectsASideTheFileDoesNotTake() {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model("resnet18"));

        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> SubsamplingLayerFinder.find(model, 160));
        assertTrue(e.getMessage().contains("input side 160 requested but the file fixes the input to 224x224"),
                e.getMessage());
    }
}
