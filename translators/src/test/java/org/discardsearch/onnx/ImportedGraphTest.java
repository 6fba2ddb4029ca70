package org.discardsearch.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ImportedGraphTest {

    private static final double TOLERANCE = 1e-4;
    private static final int IMAGE = 3 * OnnxFixtures.SIDE * OnnxFixtures.SIDE;

    @ParameterizedTest
    @FieldSource("org.discardsearch.onnx.OnnxFixtures#MODELS")
    void givesPyTorchsLogitsForABatch(String name) {
        float[] expected = OnnxFixtures.logits(name);
        try (ImportedGraph graph = ImportedGraph.load(OnnxModelReader.read(OnnxFixtures.model(name)), 1)) {
            FloatTensor logits = graph.logits(new FloatTensor(
                    new long[] {OnnxFixtures.IMAGES, 3, OnnxFixtures.SIDE, OnnxFixtures.SIDE}, OnnxFixtures.input()));

            assertArrayEquals(new long[] {OnnxFixtures.IMAGES, OnnxFixtures.CLASSES}, logits.shape());
            double error = RelativeError.of(logits.values(), expected);
            assertTrue(error <= TOLERANCE, name + ": relative error " + error);
        }
    }

    @Test
    void runsAnyBatchSize() {
        float[] input = OnnxFixtures.input();
        try (ImportedGraph graph = ImportedGraph.load(OnnxModelReader.read(OnnxFixtures.model("mobilenet_v2")), 1)) {
            float[] batch = graph.logits(new FloatTensor(
                    new long[] {OnnxFixtures.IMAGES, 3, OnnxFixtures.SIDE, OnnxFixtures.SIDE}, input)).values();
            for (int image = 0; image < OnnxFixtures.IMAGES; image++) {
                float[] one = graph.logits(new FloatTensor(new long[] {1, 3, OnnxFixtures.SIDE, OnnxFixtures.SIDE},
                        Arrays.copyOfRange(input, image * IMAGE, (image + 1) * IMAGE))).values();
                float[] row = Arrays.copyOfRange(batch, image * OnnxFixtures.CLASSES,
                        (image + 1) * OnnxFixtures.CLASSES);
                assertTrue(RelativeError.of(one, row) <= TOLERANCE, "image " + image);
            }
        }
    }

    @Test
    void rejectsAFixedBatchDimension(@TempDir Path dir) throws IOException {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model("resnet18"));
        Path file = Files.write(dir.resolve("fixed.onnx"), withBatchOfOne(model.message()).toByteArray());

        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> ImportedGraph.load(OnnxModelReader.read(file), 1));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("input 'input' has shape [1, 3, 224, 224] with a fixed batch dimension"),
                e.getMessage());
    }

    /** The model with its input's batch dimension fixed at 1. */
    private static DynamicMessage withBatchOfOne(DynamicMessage model) {
        FieldDescriptor graphField = OnnxSchema.field(OnnxSchema.MODEL, "graph");
        FieldDescriptor inputs = OnnxSchema.field(OnnxSchema.GRAPH, "input");
        DynamicMessage graph = (DynamicMessage) model.getField(graphField);
        DynamicMessage input = (DynamicMessage) graph.getRepeatedField(inputs, 0);
        DynamicMessage type = MessageFields.message(input, "type");
        DynamicMessage tensorType = MessageFields.message(type, "tensor_type");
        DynamicMessage shape = MessageFields.message(tensorType, "shape");
        FieldDescriptor dims = OnnxSchema.field(OnnxSchema.SHAPE, "dim");
        DynamicMessage one = MessageFields.builder(OnnxSchema.DIMENSION)
                .setField(OnnxSchema.field(OnnxSchema.DIMENSION, "dim_value"), 1L).build();
        DynamicMessage fixed = input.toBuilder().setField(OnnxSchema.field(OnnxSchema.VALUE_INFO, "type"),
                type.toBuilder().setField(OnnxSchema.field(OnnxSchema.TYPE, "tensor_type"), tensorType.toBuilder()
                        .setField(OnnxSchema.field(OnnxSchema.TENSOR_TYPE, "shape"),
                                shape.toBuilder().setRepeatedField(dims, 0, one).build()).build()).build()).build();
        return model.toBuilder()
                .setField(graphField, graph.toBuilder().setRepeatedField(inputs, 0, fixed).build()).build();
    }
}
