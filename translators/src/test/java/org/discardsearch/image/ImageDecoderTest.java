package org.discardsearch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder decoder = ImageDecoder.builder().build();

    private static InputRejectedException rejection(ImageDecoder decoder, byte[] bytes) {
        return assertThrows(InputRejectedException.class, () -> decoder.decode(bytes));
    }

    private InputRejectedException rejection(byte[] bytes) {
        return rejection(decoder, bytes);
    }

    private static BufferedImage wrapped(Image image) {
        return assertInstanceOf(BufferedImage.class, image.getWrappedImage());
    }

    // ---- the bad-input corpus, one failure mode per test ----

    @Test
    void rejectsEmptyInput() {
        InputRejectedException e = rejection(BadInputCorpus.empty());

        assertEquals(RejectReason.EMPTY, e.reason());
        assertEquals(ErrorCategory.BAD_INPUT, e.category());
        assertEquals("Image rejected: 0 bytes; expected PNG or JPEG", e.getMessage());
    }

    @Test
    void rejectsInputAboveTheDefaultSixteenMebibytesBeforeLookingAtIt() {
        byte[] oversized = new byte[ImageDecoder.DEFAULT_MAX_BYTES + 1];

        InputRejectedException e = rejection(oversized);

        assertEquals(RejectReason.TOO_LARGE, e.reason());
        assertEquals(
                "Image rejected: 16777217 bytes; expected at most 16777216 bytes", e.getMessage());
    }

    @Test
    void rejectsValidPngAboveConfiguredMaxBytes() {
        byte[] png = TestImages.png(TestImages.noise(64, 64, 4));
        ImageDecoder small = ImageDecoder.builder().optMaxBytes(1000).build();

        InputRejectedException e = rejection(small, png);

        assertEquals(RejectReason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains(png.length + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 1000 bytes"), e.getMessage());
    }

    @Test
    void rejectsPlainTextAsNotAnImageShowingItsFirstBytes() {
        InputRejectedException e = rejection(BadInputCorpus.plainText());

        assertEquals(RejectReason.NOT_AN_IMAGE, e.reason());
        assertEquals(
                "Image rejected: unknown format (first bytes 48 65 6C 6C 6F 2C 20 77);"
                        + " expected PNG or JPEG",
                e.getMessage());
    }

    @Test
    void rejectsTextThatStartsWithTheBmpMagicAsNotAnImage() {
        assertEquals(
                RejectReason.NOT_AN_IMAGE, rejection(BadInputCorpus.textStartingWithBm()).reason());
    }

    @Test
    void rejectsGifNamingTheFormat() {
        InputRejectedException e = rejection(BadInputCorpus.gif());

        assertEquals(RejectReason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("Image rejected: GIF; expected PNG or JPEG", e.getMessage());
    }

    @Test
    void rejectsBmpNamingTheFormat() {
        InputRejectedException e = rejection(BadInputCorpus.bmp());

        assertEquals(RejectReason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("Image rejected: BMP; expected PNG or JPEG", e.getMessage());
    }

    @Test
    void rejectsTiffNamingTheFormat() {
        InputRejectedException e = rejection(BadInputCorpus.tiff());

        assertEquals(RejectReason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("Image rejected: TIFF; expected PNG or JPEG", e.getMessage());
    }

    @Test
    void rejectsWebpNamingTheFormat() {
        InputRejectedException e = rejection(BadInputCorpus.webpHeader());

        assertEquals(RejectReason.UNSUPPORTED_FORMAT, e.reason());
        assertEquals("Image rejected: WebP; expected PNG or JPEG", e.getMessage());
    }

    @Test
    void rejectsTruncatedPngAsCorruptWithTheDecodersMessage() {
        InputRejectedException e = rejection(BadInputCorpus.truncatedPng());

        assertEquals(RejectReason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("Image rejected: corrupt PNG ("), e.getMessage());
        assertNotNull(e.getCause());
        assertTrue(e.getMessage().contains(e.getCause().getMessage()), e.getMessage());
    }

    @Test
    void rejectsPngSignatureWithoutHeaderAsCorrupt() {
        InputRejectedException e = rejection(BadInputCorpus.pngSignatureOnly());

        assertEquals(RejectReason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("corrupt PNG (unreadable header"), e.getMessage());
    }

    @Test
    void rejectsTruncatedJpegAsCorruptAlthoughTheJdkDecodesItWithAWarning() {
        InputRejectedException e = rejection(BadInputCorpus.truncatedJpeg());

        assertEquals(RejectReason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("Image rejected: corrupt JPEG ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("; expected a complete JPEG that the decoder can read"));
    }

    @Test
    void rejectsJpegMissingItsEndMarkerAsCorrupt() {
        InputRejectedException e = rejection(BadInputCorpus.jpegWithoutEndMarker());

        assertEquals(RejectReason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("EOI"), e.getMessage());
    }

    @Test
    void rejectsZeroByZeroPng() {
        InputRejectedException e = rejection(BadInputCorpus.zeroSizePng());

        assertEquals(RejectReason.ZERO_SIZE, e.reason());
        assertEquals(
                "Image rejected: PNG of 0x0 pixels; expected a width and height of at least 1",
                e.getMessage());
    }

    @Test
    void rejectsPngWhoseHeaderClaimsSixtyThousandSquaredFromTheHeaderAlone() {
        InputRejectedException e = rejection(BadInputCorpus.pngWithHeader(60000, 60000));

        assertEquals(RejectReason.TOO_MANY_PIXELS, e.reason());
        assertEquals(
                "Image rejected: PNG of 60000x60000 = 3600000000 pixels;"
                        + " expected at most 40000000 pixels",
                e.getMessage());
        // No decoder exception: the pixels were never read.
        assertNull(e.getCause());
    }

    @Test
    void sameHeaderWithinTheLimitIsDecodedAndFoundCorrupt() {
        // The same crafted file at 100x100 reaches the decoder, which finds the data missing.
        // So the 60000x60000 rejection above was decided before decoding.
        InputRejectedException e = rejection(BadInputCorpus.pngWithHeader(100, 100));

        assertEquals(RejectReason.CORRUPT, e.reason());
    }

    @Test
    void acceptsExactlyMaxPixelsAndRejectsOneRowMore() {
        ImageDecoder tiny = ImageDecoder.builder().optMaxPixels(100).build();
        byte[] tenByTen = TestImages.png(TestImages.grey(10, 10, (x, y) -> x));
        byte[] tenByEleven = TestImages.png(TestImages.grey(10, 11, (x, y) -> x));

        assertEquals(10, tiny.decode(tenByTen).getHeight());
        InputRejectedException e = rejection(tiny, tenByEleven);
        assertEquals(RejectReason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("10x11 = 110 pixels"), e.getMessage());
    }

    // ---- what good images decode to ----

    @Test
    void decodesGreyPngAsEightBitGreyWithItsOwnLevels() {
        byte[] png = TestImages.png(TestImages.grey(5, 3, (x, y) -> 50 * x + y));

        BufferedImage image = wrapped(decoder.decode(png));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertEquals(5, image.getWidth());
        assertEquals(3, image.getHeight());
        assertEquals(202, image.getRaster().getSample(4, 2, 0));
    }

    @Test
    void decodesRgbJpegWithinJpegTolerance() {
        byte[] jpeg = TestImages.jpeg(TestImages.rgb(40, 30, (x, y) -> 0xC86432), 0.95f);

        BufferedImage image = wrapped(decoder.decode(jpeg));

        assertEquals(40, image.getWidth());
        assertEquals(30, image.getHeight());
        int rgb = image.getRGB(20, 15);
        assertEquals(0xC8, (rgb >> 16) & 0xFF, 3);
        assertEquals(0x64, (rgb >> 8) & 0xFF, 3);
        assertEquals(0x32, rgb & 0xFF, 3);
    }

    /**
     * A 16-bit grey PNG comes out as 8-bit grey holding round(level / 257). Left to DJL, its
     * getRGB route would brighten level 0x8080 to 188 instead of 128.
     */
    @Test
    void decodesSixteenBitGreyPngToItsLevelsScaledToEightBits() {
        BufferedImage sixteen = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] levels = {0, 1000, 0x8080, 0xFFFF};
        sixteen.getRaster().setSamples(0, 0, 4, 1, 0, levels);

        BufferedImage image = wrapped(decoder.decode(TestImages.png(sixteen)));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        int[] decoded = image.getRaster().getSamples(0, 0, 4, 1, 0, new int[4]);
        // 1000 / 257 = 3.89 -> 4; 0x8080 / 257 = 128 exactly.
        assertArrayEquals(new int[] {0, 4, 128, 255}, decoded);
    }

    @Test
    void decodesGreyWithAlphaPngToItsGreyLevelsWithoutAlpha() {
        ComponentColorModel model =
                new ComponentColorModel(
                        ColorSpace.getInstance(ColorSpace.CS_GRAY),
                        true,
                        false,
                        Transparency.TRANSLUCENT,
                        DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {128, 0});
        raster.setPixel(1, 0, new int[] {40, 255});
        BufferedImage greyAlpha = new BufferedImage(model, raster, false, null);

        BufferedImage image = wrapped(decoder.decode(TestImages.png(greyAlpha)));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertArrayEquals(
                new int[] {128, 40}, image.getRaster().getSamples(0, 0, 2, 1, 0, new int[2]));
    }

    @Test
    void decodesPalettePngToItsPaletteColours() {
        IndexColorModel palette =
                new IndexColorModel(
                        2,
                        3,
                        new byte[] {0, (byte) 255, 10},
                        new byte[] {0, 0, 20},
                        new byte[] {0, 0, 30});
        BufferedImage indexed =
                new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});

        BufferedImage image = wrapped(decoder.decode(TestImages.png(indexed)));

        assertEquals(0x000000, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFF0000, image.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0x0A141E, image.getRGB(2, 0) & 0xFFFFFF);
    }

    @Test
    void decodesFromManyThreadsAtOnce() throws Exception {
        List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int level = 10 * i;
            pngs.add(TestImages.png(TestImages.grey(20, 20, (x, y) -> level)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> levels = new ArrayList<>();
            for (byte[] png : pngs) {
                levels.add(
                        pool.submit(
                                () -> wrapped(decoder.decode(png)).getRaster().getSample(7, 7, 0)));
            }
            for (int i = 0; i < pngs.size(); i++) {
                assertEquals(10 * i, levels.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- settings ----

    @Test
    void defaultLimitsAreSixteenMebibytesAndFortyMegapixels() {
        assertEquals(16 * 1024 * 1024, decoder.maxBytes());
        assertEquals(40_000_000L, decoder.maxPixels());
    }

    @Test
    void rejectsMaxBytesBelowOneNamingTheSettingAndValue() {
        DiscardSearchException e =
                assertThrows(
                        DiscardSearchException.class,
                        () -> ImageDecoder.builder().optMaxBytes(0).build());

        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertEquals(
                "Invalid value '0' for ImageDecoder maxBytes; allowed: an integer of at least 1",
                e.getMessage());
    }

    @Test
    void rejectsMaxPixelsBelowOneNamingTheSettingAndValue() {
        DiscardSearchException e =
                assertThrows(
                        DiscardSearchException.class,
                        () -> ImageDecoder.builder().optMaxPixels(-5).build());

        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertTrue(e.getMessage().contains("'-5' for ImageDecoder maxPixels"), e.getMessage());
    }
}
