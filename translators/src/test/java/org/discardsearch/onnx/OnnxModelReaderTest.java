package org.discardsearch.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheGraphOfAnExportedResNet() {
        OnnxModel model = OnnxModelReader.read(OnnxFixtures.model("resnet18"));
        OnnxGraph graph = model.graph();

        assertEquals(17, model.opsetVersion());
        assertEquals(List.of(new ValueInfo("input", OnnxSchema.FLOAT, List.of(ValueInfo.DYNAMIC, 3L, 224L, 224L))),
                graph.inputs());
        assertEquals("logits", graph.outputs().get(0).name());
        assertEquals(20, graph.nodes().stream().filter(n -> n.opType().equals("Conv")).count());
        OnnxNode stem = graph.nodes().get(0);
        assertEquals("Conv", stem.opType());
        assertEquals("input", stem.inputs().get(0));
        assertTrue(graph.initializers().contains(stem.inputs().get(1)), "the stem's weight is an initializer");
        assertEquals(List.of(7L, 7L), stem.intsAttribute("kernel_shape", List.of()));
        assertEquals(List.of(2L, 2L), stem.intsAttribute("strides", List.of()));
        assertEquals(List.of(3L, 3L, 3L, 3L), stem.intsAttribute("pads", List.of()));
    }

    @Test
    void readsEveryFixture() {
        for (String name : OnnxFixtures.MODELS) {
            OnnxGraph graph = OnnxModelReader.read(OnnxFixtures.model(name)).graph();
            assertEquals(1, graph.inputs().size(), name);
            assertTrue(graph.nodes().size() > 10, name);
        }
    }

    @Test
    void rejectsAFileThatIsNotOnnx() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model\n", StandardCharsets.UTF_8);
        Path png = Files.write(dir.resolve("image.onnx"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});

        for (Path file : List.of(text, png)) {
            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModelReader.read(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
            assertEquals(ErrorCategory.BAD_INPUT, e.category());
        }
    }

    @Test
    void rejectsAnOpsetOutsideTheSupportedRange() throws IOException {
        for (long version : List.of(9L, 18L)) {
            Path file = changed("opset" + version, model -> {
                DynamicMessage.Builder builder = model.toBuilder();
                FieldDescriptor imports = OnnxSchema.field(OnnxSchema.MODEL, "opset_import");
                builder.setRepeatedField(imports, 0, MessageFields.builder(OnnxSchema.OPERATOR_SET)
                        .setField(OnnxSchema.field(OnnxSchema.OPERATOR_SET, "version"), version).build());
                return builder.build();
            });

            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModelReader.read(file));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("unsupported opset: ai.onnx version " + version + "; supported: 11 to 17"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsExternalData() throws IOException {
        Path file = changed("external", model -> withFirstInitializer(model, tensor -> tensor.toBuilder()
                .setField(OnnxSchema.field(OnnxSchema.TENSOR, "data_location"), OnnxSchema.DATA_LOCATION_EXTERNAL)
                .addRepeatedField(OnnxSchema.field(OnnxSchema.TENSOR, "external_data"),
                        MessageFields.builder(OnnxSchema.ENTRY)
                                .setField(OnnxSchema.field(OnnxSchema.ENTRY, "key"), "location")
                                .setField(OnnxSchema.field(OnnxSchema.ENTRY, "value"), "weights.bin").build())
                .build()));

        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModelReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is stored as external data in 'weights.bin'"), e.getMessage());
    }

    @Test
    void rejectsOperatorsOfAnotherDomain() throws IOException {
        Path file = changed("domain", model -> {
            DynamicMessage.Builder builder = model.toBuilder();
            FieldDescriptor graphField = OnnxSchema.field(OnnxSchema.MODEL, "graph");
            DynamicMessage graph = (DynamicMessage) model.getField(graphField);
            FieldDescriptor nodes = OnnxSchema.field(OnnxSchema.GRAPH, "node");
            DynamicMessage node = ((DynamicMessage) graph.getRepeatedField(nodes, 0)).toBuilder()
                    .setField(OnnxSchema.field(OnnxSchema.NODE, "domain"), "com.microsoft").build();
            return builder.setField(graphField, graph.toBuilder().setRepeatedField(nodes, 0, node).build()).build();
        });

        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModelReader.read(file));
        assertTrue(e.getMessage().contains("of domain 'com.microsoft'; only ai.onnx operators are supported"),
                e.getMessage());
    }

    /** Writes the ResNet-18 fixture, changed, to a temporary file. */
    private Path changed(String name, UnaryOperator<DynamicMessage> change) throws IOException {
        DynamicMessage model = OnnxModelReader.read(OnnxFixtures.model("resnet18")).message();
        return Files.write(dir.resolve(name + ".onnx"), change.apply(model).toByteArray());
    }

    private static DynamicMessage withFirstInitializer(DynamicMessage model, UnaryOperator<DynamicMessage> change) {
        FieldDescriptor graphField = OnnxSchema.field(OnnxSchema.MODEL, "graph");
        FieldDescriptor initializers = OnnxSchema.field(OnnxSchema.GRAPH, "initializer");
        DynamicMessage graph = (DynamicMessage) model.getField(graphField);
        DynamicMessage tensor = change.apply((DynamicMessage) graph.getRepeatedField(initializers, 0));
        return model.toBuilder()
                .setField(graphField, graph.toBuilder().setRepeatedField(initializers, 0, tensor).build()).build();
    }
}
