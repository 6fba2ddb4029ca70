package org.discardsearch.archives.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.DeferredTranslatorFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.IntStream;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The import command: one real import of the full-size MobileNetV2 fixture into an archive, and its usage errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportCommandTest {

    private static final Path FIXTURES = Path.of("src/test/resources/torchvision");
    private static final Path MOBILENET = FIXTURES.resolve("mobilenet_v2.pt");

    private Path dir;
    private Path synset;
    private Path archive;
    private int status;
    private String output;

    @BeforeAll
    void importMobileNet(@TempDir Path temporary) throws IOException {
        dir = temporary;
        synset = Files.write(dir.resolve("synset.txt"),
                IntStream.range(0, 10).mapToObj(i -> "class " + i).toList(), StandardCharsets.UTF_8);
        archive = dir.resolve("archive");
        Run run = run("--torchscript", MOBILENET.toString(), "--arch", "mobilenetv2", "--synset", synset.toString(),
                "--out", archive.toString());
        status = run.status;
        output = run.out + run.err;
    }

    @Test
    void importWritesAnArchiveAndSaysHowCloseItIs() {
        assertEquals(0, status, output);
        assertTrue(output.contains("Wrote archive " + archive) && output.contains("mobilenetv2, 10 classes"), output);
        assertTrue(Files.isRegularFile(archive.resolve("mobilenet_v2-0000.params")));
        assertTrue(Files.isRegularFile(archive.resolve("synset.txt")));
    }

    @Test
    void servingPropertiesNameOurFactoriesAndImageNetPreprocessing() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(archive.resolve("serving.properties"))) {
            properties.load(reader);
        }
        assertEquals("org.discardsearch.djl.DiscardSearchBlockFactory", properties.getProperty("blockFactory"));
        assertEquals("org.discardsearch.djl.DiscardSearchTranslatorFactory",
                properties.getProperty("translatorFactory"));
        assertEquals("mobilenetv2", properties.getProperty("architecture"));
        assertEquals("10", properties.getProperty("classes"));
        assertEquals("224", properties.getProperty("image.size"));
        assertEquals("256", properties.getProperty("image.resize"));
        assertEquals("3", properties.getProperty("image.channels"));
        assertEquals("0.485,0.456,0.406", properties.getProperty("image.mean"));
        assertEquals("0.229,0.224,0.225", properties.getProperty("image.std"));
    }

    @Test
    void archiveLoadsWithPlainCriteriaAndGivesPyTorchsLogits() throws Exception {
        Criteria<ImageRequest, DiscardResult> criteria = Criteria.builder()
                .setTypes(ImageRequest.class, DiscardResult.class)
                .optModelPath(archive)
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .build();
        try (ZooModel<ImageRequest, DiscardResult> model = criteria.loadModel();
                NDManager manager = model.getNDManager().newSubManager();
                Predictor<ImageRequest, DiscardResult> predictor = model.newPredictor()) {
            DiscardSearchBlock block = assertInstanceOf(DiscardSearchBlock.class, model.getBlock());
            NDList expected;
            try (InputStream in = Files.newInputStream(FIXTURES.resolve("expected.npz"))) {
                expected = NDList.decode(manager, in);
            }
            NDArray images = expected.get("pixels").toType(DataType.FLOAT32, false).sub(128f).div(64f);
            NDArray logits = block.network().forward(new ParameterStore(manager, false), new NDList(images), false)
                    .singletonOrThrow();
            NDArray pytorch = expected.get("mobilenet_v2");
            double error = logits.sub(pytorch).abs().max().getFloat() / pytorch.abs().max().getFloat();
            assertTrue(error < 1e-4, "relative error " + error);

            DiscardResult result = predictor.predict(
                    ImageRequest.of(Files.readAllBytes(FIXTURES.resolve("chelsea.png")), 1));
            assertTrue(result.best().className().startsWith("class "), result.toString());
        }
    }

    @Test
    void importIntoAnExistingArchiveIsABadCommandLine() {
        Run run = run("--torchscript", MOBILENET.toString(), "--arch", "mobilenetv2", "--synset", synset.toString(),
                "--out", archive.toString());
        assertEquals(2, run.status);
        assertTrue(run.err.contains("already holds an archive"), run.err);
    }

    @Test
    void aFileOfAnotherWidthFailsNamingItsParameters() {
        Run run = run("--torchscript", FIXTURES.resolve("resnet18-w16.pt").toString(), "--arch", "resnet18",
                "--synset", synset.toString(), "--out", dir.resolve("narrow").toString());
        assertEquals(1, run.status, run.err);
        assertTrue(run.err.contains("conv1.weight has shape (16, 3, 7, 7); resnet18 expects (64, 3, 7, 7)"), run.err);
        assertTrue(!Files.exists(dir.resolve("narrow").resolve("serving.properties")), "no archive is written");
    }

    @Test
    void aSynsetOfTheWrongLengthIsABadCommandLine() throws IOException {
        Path three = Files.write(dir.resolve("three.txt"), java.util.List.of("a", "b", "c"));
        Run run = run("--torchscript", MOBILENET.toString(), "--arch", "mobilenetv2", "--synset", three.toString(),
                "--out", dir.resolve("other").toString());
        assertEquals(2, run.status);
        assertTrue(run.err.contains("names 3 classes; the model has 10"), run.err);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--arch resnet18 --synset S --out O                     | missing required option --torchscript",
        "--torchscript M --arch resnet34 --synset S --out O     | invalid value 'resnet34' for --arch; allowed: resnet18",
        "--torchscript M --arch compact-resnet --synset S --out O | invalid value 'compact-resnet' for --arch",
        "--torchscript nowhere.pt --arch resnet18 --synset S --out O | invalid value 'nowhere.pt' for --torchscript",
        "--torchscript M --arch resnet18 --synset S --out O --budget 3 | unknown option '--budget'",
        "--torchscript M --arch resnet18 --synset S                | missing required option --out",
        "--torchscript M --arch resnet18 --synset S --out O --name ../x | Invalid archive name '../x'",
        "--torchscript M --torchscript M                           | option --torchscript is given twice",
    })
    void badCommandLinesExitWithTwoNamingTheOption(String line, String message) {
        String[] args = line.trim().replace("M", MOBILENET.toString()).replace(" S", " " + synset)
                .replace(" O", " " + dir.resolve("unused")).split("\\s+");
        Run run = run(args);
        assertEquals(2, run.status, run.err);
        assertTrue(run.err.contains(message), run.err);
    }

    @Test
    void helpListsTheOptions() {
        Run run = run("--help");
        assertEquals(0, run.status);
        assertTrue(run.out.contains("--torchscript") && run.out.contains("--synset"), run.out);
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ImportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {}
}
