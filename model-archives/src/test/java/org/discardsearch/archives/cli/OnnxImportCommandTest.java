package org.discardsearch.archives.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImportCommandTest {

    /** The core's ONNX fixtures (translators/src/test/python/make_onnx_fixtures.py), read in place. */
    private static final Path RESNET18 = Path.of("../translators/src/test/resources/onnx/resnet18.onnx");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void listsTheLayersOfAResNet() {
        assertEquals(0, run("--onnx", RESNET18.toString(), "--list-layers"), err.toString(StandardCharsets.UTF_8));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("layer stride phases resolution             searched by default", lines[0]);
        assertEquals("0     2      4      224x224 -> 112x112     no", lines[1]);
        assertTrue(lines[2].startsWith("      Conv /conv1/Conv, kernel 7x7, pads [3, 3, 3, 3], reads input"), lines[2]);
        assertEquals("2     2      4      56x56 -> 28x28         yes", lines[5]);
        assertTrue(lines[6].contains("/layer2/layer2.0/conv1/Conv, kernel 3x3"), lines[6]);
        assertTrue(lines[7].contains("/layer2/layer2.0/downsample/downsample.0/Conv, kernel 1x1"), lines[7]);
        assertEquals("aggregated map: /layer4/layer4.1/relu_1/Relu_output_0 (7x7), the global pooling's input",
                lines[lines.length - 1]);
    }

    @Test
    void failsWithTheFileNamedForAFileThatIsNotOnnx(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("model.onnx"), "hello\n");

        assertEquals(1, run("--onnx", text.toString(), "--list-layers"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Cannot import ONNX file " + text + ": not an ONNX"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesToRunWithoutListLayers() {
        assertEquals(2, run("--onnx", RESNET18.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing --list-layers"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesAValueForTheFlag() {
        assertEquals(2, run("--onnx", RESNET18.toString(), "--list-layers=yes"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("option --list-layers takes no value"),
                err.toString(StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return OnnxImportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
