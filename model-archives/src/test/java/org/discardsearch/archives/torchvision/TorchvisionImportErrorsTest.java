package org.discardsearch.archives.torchvision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.network.MobileNetV2Builder;
import org.discardsearch.network.SegmentedNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a file can fail to fit is an error that names the parameter or module: missing, unexpected and
 * misshapen tensors (made in code from a real fixture), the malformed fixtures (dilation, grouped convolutions,
 * another activation), a different layout, and files that are not TorchScript at all. Nothing is copied when
 * anything is wrong.
 */
class TorchvisionImportErrorsTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void missingUnexpectedAndMisshapenTensorsAreEachNamed() throws IOException {
        TorchvisionFixtures fixture = TorchvisionFixtures.RESNET18_W16;
        try (Model torchScript = TorchvisionFixtures.loadTorchScript(fixture.file());
                TorchScriptFile file = TorchScriptFile.read(fixture.file())) {
            Map<String, NDArray> tensors =
                    new LinkedHashMap<>(TorchvisionImporter.tensors(file, torchScript.getBlock(), manager));
            tensors.remove("layer2.1.bn2.running_var");
            tensors.put("layer5.0.conv1.weight", manager.zeros(new Shape(8, 8, 3, 3)));
            tensors.put("fc.weight", manager.zeros(new Shape(10, 64)));
            SegmentedNetwork network = fixture.network(manager);
            float[] before = network.head().fc().getParameters().get("bias").getArray().toFloatArray();

            TorchvisionImportException e = assertThrows(TorchvisionImportException.class,
                    () -> WeightMapping.copy(network, file.modules(), tensors, fixture.file()));

            assertContains(e, "3 problems", "missing tensor layer2.1.bn2.running_var (32)",
                    "unexpected tensor layer5.0.conv1.weight (8, 8, 3, 3)",
                    "fc.weight has shape (10, 64); resnet18-w16 expects (10, 128)", fixture.file().toString());
            assertTrue(e.category() == ErrorCategory.BAD_INPUT);
            assertArrayEquals(before, network.head().fc().getParameters().get("bias").getArray().toFloatArray(), 0f,
                    "nothing is copied when anything is wrong");
        }
    }

    @Test
    void dilatedConvolutionsAreNamed() throws IOException {
        TorchvisionImportException e = importBad("bad-dilated");
        assertContains(e, "layer4.1.conv2: dilation 2x2 is not supported; bottleneck-w4 has 1x1 there",
                "replace_stride_with_dilation", "layer4.1.conv2: padding 2x2 is not supported",
                "layer4.0.conv2: stride 1x1 is not supported; bottleneck-w4 has 2x2 there",
                "layer4.0.downsample.0: stride 1x1 is not supported");
    }

    @Test
    void groupedConvolutionsAreNamed() throws IOException {
        TorchvisionImportException e = importBad("bad-grouped");
        assertContains(e, "layer2.0.conv2: groups 2 is not supported; bottleneck-w4 has 1 there",
                "as in ResNeXt", "layer2.0.conv2.weight has shape (8, 4, 3, 3); bottleneck-w4 expects (8, 8, 3, 3)");
    }

    @Test
    void anotherActivationFailsTheProbeThoughEveryTensorFits() throws IOException {
        TorchvisionImportException e = importBad("bad-silu-stem");
        assertContains(e, "every tensor fits bottleneck-w4", "relative error", "another activation");
    }

    @Test
    void anotherLayoutNamesWhatIsMissingAndWhatIsUnexpected() throws IOException {
        Path resnet = TorchvisionFixtures.RESNET18_W16.file();
        TorchvisionImportException e = assertThrows(TorchvisionImportException.class,
                () -> importInto(TorchvisionFixtures.initialised(MobileNetV2Builder.mobilenetV2(10), manager),
                        resnet));
        assertContains(e, "missing tensor features.0.0.weight (32, 3, 3, 3) (Conv2d of mobilenetv2)", "… and ");
        assertTrue(e.problems().contains("missing tensor classifier.1.weight (10, 1280) (Linear of mobilenetv2)"));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("unexpected tensor conv1.weight (16, 3, 7, 7)")));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("unexpected tensor fc.bias (10)")));
    }

    @Test
    void aFileThatIsNotAZipIsNotTorchScript(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("model.pt"), "not a model");
        TorchvisionImportException e = assertThrows(TorchvisionImportException.class, () -> TorchScriptFile.read(text));
        assertContains(e, "model.pt", "not a TorchScript module: it is not a zip archive", "torch.jit.script");
    }

    @Test
    void aZipWithoutTorchScriptCodeIsNamedAsATorchSaveFile(@TempDir Path dir) throws IOException {
        // What torch.save(model.state_dict(), path) writes: data.pkl and storages, no code/.
        Path file = dir.resolve("state_dict.pt");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 2, '}', '.'});
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
        }
        TorchvisionImportException e = assertThrows(TorchvisionImportException.class, () -> TorchScriptFile.read(file));
        assertContains(e, "state_dict.pt", "no TorchScript code", "torch.save");
    }

    @Test
    void aTruncatedPickleNamesTheOffset(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.pt");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("broken/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 2, 'X', 100, 0, 0, 0, 'a'});
            zip.putNextEntry(new ZipEntry("broken/code/__torch__/m.py"));
            zip.write("class M(Module):\n".getBytes(StandardCharsets.US_ASCII));
        }
        TorchvisionImportException e = assertThrows(TorchvisionImportException.class, () -> TorchScriptFile.read(file));
        assertContains(e, "broken.pt", "Malformed data.pkl", "offset 2");
    }

    private TorchvisionImportException importBad(String name) {
        return assertThrows(TorchvisionImportException.class, () -> importInto(
                TorchvisionFixtures.initialised(TorchvisionFixtures.tinyBottleneck(), manager),
                TorchvisionFixtures.DIRECTORY.resolve(name + ".pt")));
    }

    private void importInto(SegmentedNetwork network, Path path) throws IOException {
        try (Model torchScript = TorchvisionFixtures.loadTorchScript(path);
                TorchScriptFile file = TorchScriptFile.read(path)) {
            TorchvisionImporter.importInto(network, file, torchScript.getBlock(), manager);
        }
    }

    private static void assertContains(Exception e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
        }
    }
}
