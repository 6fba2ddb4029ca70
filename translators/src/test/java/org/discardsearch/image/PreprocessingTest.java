package org.discardsearch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreprocessingTest {

    /** Fashion-MNIST training-set statistics, as a model of a grey deployment. */
    private static final float FMNIST_MEAN = 0.2860f;
    private static final float FMNIST_STD = 0.3530f;
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    /** Exact arithmetic on levels that are multiples of 1/4; only the /255 and float rounding. */
    private static final float EXACT = 1e-6f;

    private static NDManager base;
    private NDManager manager;
    private final ImageDecoder decoder = ImageDecoder.builder().build();

    @BeforeAll
    static void openEngine() {
        base = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeEngine() {
        base.close();
    }

    @BeforeEach
    void openScope() {
        manager = base.newSubManager();
    }

    @AfterEach
    void closeScope() {
        manager.close();
    }

    /** The Fashion-MNIST deployment: 28×28 grey resized to 56×56, normalised. */
    private static Preprocessing fashionMnist() {
        return Preprocessing.builder()
                .setSize(56)
                .optChannels(1)
                .optMean(FMNIST_MEAN)
                .optStd(FMNIST_STD)
                .build();
    }

    private static Preprocessing greyAt(int size) {
        return Preprocessing.builder().setSize(size).optChannels(1).build();
    }

    private static float[] levels(float... levels) {
        float[] scaled = new float[levels.length];
        for (int i = 0; i < levels.length; i++) {
            scaled[i] = levels[i] / 255f;
        }
        return scaled;
    }

    /** The pixels of a BufferedImage as a (H, W, 3) uint8 array, read here with getRGB. */
    private NDArray rgbPixels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] bytes = new byte[height * width * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int at = (y * width + x) * 3;
                bytes[at] = (byte) (rgb >> 16);
                bytes[at + 1] = (byte) (rgb >> 8);
                bytes[at + 2] = (byte) rgb;
            }
        }
        return manager.create(ByteBuffer.wrap(bytes), new Shape(height, width, 3), DataType.UINT8);
    }

    /** The levels of an 8-bit grey BufferedImage as a (H, W, 1) uint8 array. */
    private NDArray greyPixels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] samples =
                image.getRaster().getSamples(0, 0, width, height, 0, new int[width * height]);
        byte[] bytes = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bytes[i] = (byte) samples[i];
        }
        return manager.create(ByteBuffer.wrap(bytes), new Shape(height, width, 1), DataType.UINT8);
    }

    // ---- grey, resized straight to size x size (the Fashion-MNIST path) ----

    @Test
    void constantGreyPngGivesConstantNormalisedTensorAt56() {
        byte[] png = TestImages.png(TestImages.grey(28, 28, (x, y) -> 100));
        Preprocessing preprocessing = fashionMnist();

        NDArray tensor = preprocessing.toTensor(decoder.decode(png), manager);

        assertEquals(new Shape(1, 56, 56), tensor.getShape());
        assertEquals(DataType.FLOAT32, tensor.getDataType());
        // Bilinear weights sum to 1, so a constant image stays constant.
        float expected = (100 / 255f - FMNIST_MEAN) / FMNIST_STD;
        for (float value : tensor.toFloatArray()) {
            assertEquals(expected, value, EXACT);
        }
    }

    /**
     * 28 → 56 with align_corners=False maps output column X to source column X/2 − 1/4. For a ramp
     * p[x] = 8x: X = 2k+1 gives 0.75 p[k] + 0.25 p[k+1] = 8k + 2, X = 2k gives 0.25 p[k−1] + 0.75
     * p[k] = 8k − 2, and the outermost columns clamp to p[0] = 0 and p[27] = 216.
     */
    @Test
    void greyRampAt28To56MatchesHandComputedBilinear() {
        byte[] png = TestImages.png(TestImages.grey(28, 28, (x, y) -> 8 * x));

        float[] row = greyAt(56).toTensor(decoder.decode(png), manager).get(0, 17).toFloatArray();

        assertEquals(0f, row[0], EXACT);
        assertEquals(2 / 255f, row[1], EXACT);
        assertEquals(6 / 255f, row[2], EXACT);
        assertEquals(10 / 255f, row[3], EXACT);
        assertEquals(106 / 255f, row[27], EXACT); // X = 27 = 2*13 + 1: 8*13 + 2
        assertEquals(214 / 255f, row[54], EXACT); // X = 54 = 2*27: 8*27 - 2
        assertEquals(216 / 255f, row[55], EXACT);
    }

    /**
     * 2 → 4 with align_corners=False: output index i reads source i/2 − 1/4, clamped to [0, 1],
     * so the 1-D weights on (p0, p1) are (1, 0), (3/4, 1/4), (1/4, 3/4), (0, 1). For [[0, 64],
     * [128, 192]] the result is 64 sx + 128 sy with sx, sy in (0, 1/4, 3/4, 1).
     */
    @Test
    void twoByTwoToFourByFourFollowsPytorchAlignCornersFalse() {
        int[][] levels = {{0, 64}, {128, 192}};
        byte[] png = TestImages.png(TestImages.grey(2, 2, (x, y) -> levels[y][x]));

        NDArray tensor = greyAt(4).toTensor(decoder.decode(png), manager);

        assertEquals(new Shape(1, 4, 4), tensor.getShape());
        float[] expected =
                levels(
                        0, 16, 48, 64,
                        32, 48, 80, 96,
                        96, 112, 144, 160,
                        128, 144, 176, 192);
        assertArrayEquals(expected, tensor.toFloatArray(), EXACT);
    }

    // ---- RGB, shorter side resized then centre-cropped (the ImageNet path) ----

    @Test
    void constantRgbJpegGivesImageNetNormalisedConstantsAt224() {
        int[] colour = {200, 100, 50};
        int rgb = colour[0] << 16 | colour[1] << 8 | colour[2];
        byte[] jpeg = TestImages.jpeg(TestImages.rgb(300, 400, (x, y) -> rgb), 0.95f);
        Preprocessing preprocessing =
                Preprocessing.builder()
                        .setSize(224)
                        .optResize(256)
                        .optMean(IMAGENET_MEAN)
                        .optStd(IMAGENET_STD)
                        .build();

        NDArray tensor = preprocessing.toTensor(decoder.decode(jpeg), manager);

        assertEquals(new Shape(3, 224, 224), tensor.getShape());
        for (int c = 0; c < 3; c++) {
            float expected = (colour[c] / 255f - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
            // JPEG may move a flat colour by a level or two; allow 3 levels.
            float tolerance = 3 / 255f / IMAGENET_STD[c];
            NDArray channel = tensor.get(c);
            assertEquals(expected, channel.min().getFloat(), tolerance, "channel " + c);
            assertEquals(expected, channel.max().getFloat(), tolerance, "channel " + c);
        }
    }

    /**
     * A 7×4 image with resize 4: the shorter side is already 4, so nothing is resampled; the crop
     * offset (7 − 4) / 2 = 1.5 rounds half to even, to 2, as torchvision's int(round(1.5)) does.
     */
    @Test
    void centreCropOffsetRoundsHalfToEvenLikeTorchvision() {
        NDArray pixels = manager.arange(28f).reshape(4, 7, 1); // level = 7y + x
        Preprocessing preprocessing =
                Preprocessing.builder().setSize(4).optResize(4).optChannels(1).build();

        NDArray tensor = preprocessing.toTensor(pixels, manager);

        float[] expected = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                expected[y * 4 + x] = (7 * y + x + 2) / 255f;
            }
        }
        assertArrayEquals(expected, tensor.toFloatArray(), EXACT);
    }

    @Test
    void shorterSideResizeKeepsTheAspectRatioBeforeTheCrop() {
        // 30 wide, 60 tall, each row one level: resize 10 gives 10x20 (rows 2 input rows apart),
        // and the crop keeps rows 5..14 of it.
        NDArray pixels = manager.arange(60f).reshape(60, 1, 1).repeat(1, 30);
        Preprocessing preprocessing =
                Preprocessing.builder().setSize(10).optResize(10).optChannels(1).build();

        float[] column = preprocessing.toTensor(pixels, manager).get("0, :, 0").toFloatArray();

        // Output row r of the 20-row resize averages source rows 3r − 1 .. 3r + 3 with triangle
        // weights 1, 2, 3, 2, 1 (shrink factor 3, centre 3r + 1.5), which on a ramp gives row
        // 3r + 1; crop rows 5..14 → source rows 16, 19, ..., 43.
        for (int i = 0; i < 10; i++) {
            assertEquals((3 * (i + 5) + 1) / 255f, column[i], EXACT, "row " + i);
        }
    }

    @Test
    void shrinkingIsAntialiasedLikePil() {
        // Columns 0, 100, 200, 40 shrunk to 2: the triangle is 2 columns wide on each side, so output 0
        // weighs columns 0..2 by 0.75, 0.75, 0.25 and output 1 columns 1..3 by 0.25, 0.75, 0.75
        // (PIL's Image.resize((2, 2), BILINEAR) gives 71 and 117 after rounding).
        NDArray pixels = manager.create(new float[] {0, 100, 200, 40}).reshape(1, 4, 1).repeat(0, 4);
        Preprocessing preprocessing = Preprocessing.builder().setSize(2).optChannels(1).build();

        float[] tensor = preprocessing.toTensor(pixels, manager).toFloatArray();

        float left = (0 * 0.75f + 100 * 0.75f + 200 * 0.25f) / 1.75f / 255f;
        float right = (100 * 0.25f + 200 * 0.75f + 40 * 0.75f) / 1.75f / 255f;
        assertArrayEquals(new float[] {left, right, left, right}, tensor, EXACT);
    }

    // ---- channels ----

    @Test
    void rgbBecomesRoundedItu601Luma() {
        // Luma 18.15, 76.245, 149.685, 29.07 rounds to 18, 76, 150, 29.
        int[] colours = {0x0A141E, 0xFF0000, 0x00FF00, 0x0000FF};
        BufferedImage image = TestImages.rgb(2, 2, (x, y) -> colours[2 * y + x]);

        NDArray tensor = greyAt(2).toTensor(decoder.decode(TestImages.png(image)), manager);

        assertArrayEquals(levels(18, 76, 150, 29), tensor.toFloatArray(), EXACT);
    }

    @Test
    void greyStoredAsRgbGivesExactlyTheTensorOfTheSameGreyImage() {
        BufferedImage grey = TestImages.grey(16, 16, (x, y) -> 16 * y + x); // every level
        BufferedImage rgb = TestImages.rgb(16, 16, (x, y) -> (16 * y + x) * 0x010101);
        Image greyImage = decoder.decode(TestImages.png(grey));
        Image rgbImage = decoder.decode(TestImages.png(rgb));
        Preprocessing preprocessing = greyAt(16);

        float[] fromGrey = preprocessing.toTensor(greyImage, manager).toFloatArray();
        float[] fromRgb = preprocessing.toTensor(rgbImage, manager).toFloatArray();

        assertArrayEquals(fromGrey, fromRgb, 0f);
    }

    @Test
    void greyImageIsCopiedIntoThreeChannels() {
        byte[] png = TestImages.png(TestImages.grey(2, 2, (x, y) -> 10 + 20 * (2 * y + x)));
        Preprocessing preprocessing = Preprocessing.builder().setSize(2).build();

        NDArray tensor = preprocessing.toTensor(decoder.decode(png), manager);

        assertEquals(new Shape(3, 2, 2), tensor.getShape());
        assertArrayEquals(
                levels(10, 30, 50, 70, 10, 30, 50, 70, 10, 30, 50, 70),
                tensor.toFloatArray(),
                EXACT);
    }

    @Test
    void alphaIsIgnoredNotComposited() {
        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x000A141E); // fully transparent (10, 20, 30)
        Preprocessing preprocessing = Preprocessing.builder().setSize(1).build();

        NDArray tensor = preprocessing.toTensor(decoder.decode(TestImages.png(rgba)), manager);

        assertArrayEquals(levels(10, 20, 30), tensor.toFloatArray(), EXACT);
    }

    @Test
    void sixteenBitGreyPngPreprocessesToItsOwnLevels() {
        BufferedImage sixteen = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        sixteen.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0x8080, 0xFFFF});
        Preprocessing preprocessing =
                Preprocessing.builder().setSize(1).optResize(1).optChannels(1).build();

        // resize 1 on a 2x1 image keeps 2x1 and crops column rint(0.5) = 0.
        NDArray tensor = preprocessing.toTensor(decoder.decode(TestImages.png(sixteen)), manager);

        assertArrayEquals(levels(128), tensor.toFloatArray(), EXACT);
    }

    // ---- the image path and the array path are one pipeline ----

    @Test
    void imageAndPixelArrayGiveIdenticalRgbTensors() {
        BufferedImage noise = TestImages.noise(37, 23, 5);
        Image image = decoder.decode(TestImages.png(noise));
        Preprocessing preprocessing =
                Preprocessing.builder()
                        .setSize(24)
                        .optResize(32)
                        .optMean(IMAGENET_MEAN)
                        .optStd(IMAGENET_STD)
                        .build();

        float[] fromImage = preprocessing.toTensor(image, manager).toFloatArray();
        float[] fromArray = preprocessing.toTensor(rgbPixels(noise), manager).toFloatArray();

        assertArrayEquals(fromArray, fromImage, 0f);
    }

    @Test
    void imageAndPixelArrayGiveIdenticalLumaTensors() {
        BufferedImage noise = TestImages.noise(37, 23, 6);
        Image image = decoder.decode(TestImages.png(noise));
        Preprocessing preprocessing = greyAt(56);

        float[] fromImage = preprocessing.toTensor(image, manager).toFloatArray();
        float[] fromArray = preprocessing.toTensor(rgbPixels(noise), manager).toFloatArray();

        assertArrayEquals(fromArray, fromImage, 0f);
    }

    @Test
    void greyImageAndUint8PixelArrayGiveIdenticalTensors() {
        BufferedImage grey = TestImages.grey(28, 28, (x, y) -> (x * 37 + y * 11) % 256);
        Image image = decoder.decode(TestImages.png(grey));
        Preprocessing preprocessing = fashionMnist();

        float[] fromImage = preprocessing.toTensor(image, manager).toFloatArray();
        float[] fromArray = preprocessing.toTensor(greyPixels(grey), manager).toFloatArray();

        assertArrayEquals(fromArray, fromImage, 0f);
    }

    @Test
    void batchOfPixelArraysGivesTheSingleImageResults() {
        Preprocessing preprocessing =
                Preprocessing.builder().setSize(56).optChannels(1).optMean(FMNIST_MEAN).build();
        NDArray first = greyPixels(TestImages.grey(28, 28, (x, y) -> x * 9));
        NDArray second = greyPixels(TestImages.grey(28, 28, (x, y) -> 255 - y * 9));

        NDArray batch = preprocessing.toTensor(NDArrays.stack(new NDList(first, second)), manager);

        assertEquals(new Shape(2, 1, 56, 56), batch.getShape());
        assertArrayEquals(
                preprocessing.toTensor(first, manager).toFloatArray(),
                batch.get(0).toFloatArray(),
                0f);
        assertArrayEquals(
                preprocessing.toTensor(second, manager).toFloatArray(),
                batch.get(1).toFloatArray(),
                0f);
    }

    // ---- memory scopes (STYLE.md §2.5) ----

    @Test
    void resultBelongsToTheGivenManagerAndNoIntermediateIsLeft() {
        NDArray pixels = greyPixels(TestImages.grey(28, 28, (x, y) -> x));
        int[] before = pixels.toUint8Array();
        try (NDManager target = base.newSubManager()) {
            NDArray tensor = greyAt(56).toTensor(pixels, target);

            assertSame(target, tensor.getManager());
            assertEquals(1, target.getManagedArrays().size());
            assertSame(manager, pixels.getManager());
            assertArrayEquals(before, pixels.toUint8Array());
        }
    }

    @Test
    void imagePathLeavesOnlyTheResultOnTheGivenManager() {
        Image image = decoder.decode(TestImages.png(TestImages.noise(40, 30, 7)));
        try (NDManager target = base.newSubManager()) {
            Preprocessing preprocessing = Preprocessing.builder().setSize(24).optResize(32).build();

            NDArray tensor = preprocessing.toTensor(image, target);

            assertSame(target, tensor.getManager());
            assertEquals(1, target.getManagedArrays().size());
        }
    }

    // ---- strict size ----

    @Test
    void strictModeRejectsAnotherSizeWithWrongSize() {
        Preprocessing strict =
                Preprocessing.builder().setSize(28).optChannels(1).optRequireSize(28, 28).build();
        byte[] png = TestImages.png(TestImages.grey(30, 28, (x, y) -> 0));

        InputRejectedException e =
                assertThrows(
                        InputRejectedException.class,
                        () -> strict.toTensor(decoder.decode(png), manager));

        assertEquals(RejectReason.WRONG_SIZE, e.reason());
        assertEquals(
                "Image rejected: 30x28 pixels; expected exactly 28x28 pixels", e.getMessage());
    }

    @Test
    void strictModeRejectsAPixelArrayOfAnotherSize() {
        Preprocessing strict =
                Preprocessing.builder().setSize(28).optChannels(1).optRequireSize(28, 28).build();
        NDArray pixels = manager.zeros(new Shape(28, 27, 1), DataType.UINT8);

        InputRejectedException e =
                assertThrows(InputRejectedException.class, () -> strict.toTensor(pixels, manager));

        assertEquals(RejectReason.WRONG_SIZE, e.reason());
        assertTrue(e.getMessage().contains("27x28 pixels"), e.getMessage());
    }

    @Test
    void strictModeAcceptsTheRequiredSize() {
        Preprocessing strict =
                Preprocessing.builder().setSize(28).optChannels(1).optRequireSize(28, 28).build();
        byte[] png = TestImages.png(TestImages.grey(28, 28, (x, y) -> 0));

        assertEquals(
                new Shape(1, 28, 28), strict.toTensor(decoder.decode(png), manager).getShape());
        assertTrue(strict.acceptsSize(28, 28));
        assertFalse(strict.acceptsSize(28, 29));
    }

    @Test
    void withoutStrictModeEverySizeIsAccepted() {
        Preprocessing lenient = greyAt(28);

        assertTrue(lenient.acceptsSize(1, 5000));
        assertTrue(lenient.requiredWidth().isEmpty());
    }

    // ---- inputs that cannot be preprocessed ----

    @Test
    void rejectsAnExtremeAspectRatioBeforeResizing() {
        NDArray sliver = manager.zeros(new Shape(1, 400_000, 1), DataType.UINT8);
        Preprocessing preprocessing =
                Preprocessing.builder().setSize(224).optResize(256).build();

        InputRejectedException e =
                assertThrows(
                        InputRejectedException.class,
                        () -> preprocessing.toTensor(sliver, manager));

        assertEquals(RejectReason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("400000x1 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("102400000x256"), e.getMessage());
    }

    @Test
    void rejectsAPixelArrayWithoutAChannelAxisNamingItsShape() {
        NDArray flat = manager.zeros(new Shape(28, 28), DataType.UINT8);

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> greyAt(28).toTensor(flat, manager));

        assertTrue(e.getMessage().contains("(28, 28)"), e.getMessage());
    }

    // ---- builder ----

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of(
                        "size",
                        "'0'",
                        (Supplier<Preprocessing>) () -> Preprocessing.builder().build()),
                Arguments.of(
                        "size",
                        "'-3'",
                        (Supplier<Preprocessing>)
                                () -> Preprocessing.builder().setSize(-3).build()),
                Arguments.of(
                        "resize",
                        "'200'",
                        (Supplier<Preprocessing>)
                                () -> Preprocessing.builder().setSize(224).optResize(200).build()),
                Arguments.of(
                        "channels",
                        "'2'",
                        (Supplier<Preprocessing>)
                                () -> Preprocessing.builder().setSize(28).optChannels(2).build()),
                Arguments.of(
                        "mean",
                        "'[0.1, 0.2]'",
                        (Supplier<Preprocessing>)
                                () ->
                                        Preprocessing.builder()
                                                .setSize(28)
                                                .optMean(0.1f, 0.2f)
                                                .build()),
                Arguments.of(
                        "mean",
                        "'[NaN]'",
                        (Supplier<Preprocessing>)
                                () ->
                                        Preprocessing.builder()
                                                .setSize(28)
                                                .optMean(Float.NaN)
                                                .build()),
                Arguments.of(
                        "std",
                        "'[0.0]'",
                        (Supplier<Preprocessing>)
                                () -> Preprocessing.builder().setSize(28).optStd(0f).build()),
                Arguments.of(
                        "std",
                        "'[0.2, 0.2, 0.2]'",
                        (Supplier<Preprocessing>)
                                () ->
                                        Preprocessing.builder()
                                                .setSize(28)
                                                .optChannels(1)
                                                .optStd(0.2f, 0.2f, 0.2f)
                                                .build()),
                Arguments.of(
                        "requireSize",
                        "'28x0'",
                        (Supplier<Preprocessing>)
                                () ->
                                        Preprocessing.builder()
                                                .setSize(28)
                                                .optRequireSize(28, 0)
                                                .build()));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidSettings")
    void buildRejectsAnInvalidSettingNamingItAndItsValue(
            String setting, String value, Supplier<Preprocessing> build) {
        DiscardSearchException e = assertThrows(DiscardSearchException.class, build::get);

        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertTrue(e.getMessage().contains("Preprocessing " + setting + ";"), e.getMessage());
        assertTrue(e.getMessage().contains(value), e.getMessage());
        assertTrue(e.getMessage().contains("allowed: "), e.getMessage());
    }

    @Test
    void singleMeanAndStdApplyToEveryChannel() {
        Preprocessing preprocessing =
                Preprocessing.builder().setSize(8).optMean(0.5f).optStd(0.25f).build();

        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, preprocessing.mean());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, preprocessing.std());
        assertEquals(new Shape(3, 8, 8), preprocessing.outputShape());
    }

    @Test
    void builtPreprocessingIgnoresLaterChangesToTheCallersArrays() {
        float[] mean = {0.1f, 0.2f, 0.3f};
        Preprocessing preprocessing = Preprocessing.builder().setSize(8).optMean(mean).build();
        mean[0] = 9f;

        assertEquals(0.1f, preprocessing.mean()[0]);
    }

    @Test
    void imageFromAnotherFactoryCallIsPreprocessedLikeADecodedOne() {
        BufferedImage grey = TestImages.grey(28, 28, (x, y) -> x + y);
        Image direct = ImageFactory.getInstance().fromImage(grey);

        assertArrayEquals(
                greyAt(28).toTensor(decoder.decode(TestImages.png(grey)), manager).toFloatArray(),
                greyAt(28).toTensor(direct, manager).toFloatArray(),
                0f);
    }
}
