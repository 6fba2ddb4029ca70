package org.discardsearch.archives.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.discardsearch.result.SearchStats;
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
    void needsASynsetToWriteAnArchive() {
        assertEquals(2, run("--onnx", RESNET18.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--synset"),
                err.toString(StandardCharsets.UTF_8));
    }

    /** The written archive loads with a plain Criteria and answers a PNG at budget 1 and at the default 16. */
    @Test
    void writesAnArchiveThatAnswersAPngThroughCriteria(@TempDir Path dir) throws Exception {
        List<String> classes = IntStream.range(0, 10).mapToObj(i -> "class-" + i).toList();
        Path synset = Files.write(dir.resolve("synset.txt"), classes);
        Path archive = dir.resolve("resnet18-onnx");
        assertEquals(0, run("--onnx", RESNET18.toString(), "--synset", synset.toString(), "--out", archive.toString()),
                err.toString(StandardCharsets.UTF_8));

        Criteria<ImageRequest, DiscardResult> criteria = Criteria.builder()
                .setTypes(ImageRequest.class, DiscardResult.class)
                .optModelPath(archive)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .build();
        try (ZooModel<ImageRequest, DiscardResult> model = criteria.loadModel();
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            byte[] png = png();
            DiscardResult vanilla = predictor.predict(ImageRequest.of(png, 1));
            DiscardResult searched = predictor.predict(ImageRequest.of(png));

            assertEquals(new SearchStats(1, 1, 1, false), vanilla.stats());
            assertEquals(new SearchStats(16, 16, 5, false), searched.stats());
            assertTrue(classes.contains(vanilla.best().className()), vanilla.best().toString());
            assertNotEquals(vanilla.best().probability(), searched.best().probability());
        }
    }

    /** A 300x260 PNG of smooth colour, which the archive's preprocessing resizes and crops to 224. */
    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, (x * 255 / 300) << 16 | (y * 255 / 260) << 8 | ((x + y) % 256));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
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
