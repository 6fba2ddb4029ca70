package org.discardsearch.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The bad-input corpus: one malformed input per failure mode, generated in code so that each
 * fixture documents how it was made (STYLE.md §2.7).
 */
final class BadInputCorpus {

    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A
    };

    private BadInputCorpus() {}

    static byte[] empty() {
        return new byte[0];
    }

    static byte[] plainText() {
        return "Hello, world! This is not an image.\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** Text that starts with "BM", the two-byte BMP magic. */
    static byte[] textStartingWithBm() {
        return "BMW 320d, diesel, 2014, one owner\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A 32×32 noise PNG cut in the middle of its IDAT chunk. */
    static byte[] truncatedPng() {
        byte[] png = TestImages.png(TestImages.noise(32, 32, 1));
        return Arrays.copyOf(png, png.length / 2);
    }

    /** A PNG signature and nothing else. */
    static byte[] pngSignatureOnly() {
        return PNG_SIGNATURE.clone();
    }

    /** A 64×48 noise JPEG cut in the middle of its entropy-coded data. */
    static byte[] truncatedJpeg() {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(64, 48, 2), 0.9f);
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    /** A complete JPEG without its final EOI marker (the last two bytes). */
    static byte[] jpegWithoutEndMarker() {
        byte[] jpeg = TestImages.jpeg(TestImages.noise(16, 16, 3), 0.9f);
        return Arrays.copyOf(jpeg, jpeg.length - 2);
    }

    static byte[] gif() {
        return TestImages.encode(TestImages.grey(8, 8, (x, y) -> 10 * x), "gif");
    }

    static byte[] bmp() {
        return TestImages.encode(TestImages.rgb(8, 8, (x, y) -> 0x102030), "bmp");
    }

    static byte[] tiff() {
        return TestImages.encode(TestImages.rgb(8, 8, (x, y) -> 0x102030), "tiff");
    }

    /** The 16-byte start of a lossy WebP file: RIFF header, WEBP type, VP8 chunk tag. */
    static byte[] webpHeader() {
        return new byte[] {
            'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '
        };
    }

    /** A PNG whose IHDR declares 0×0 pixels. */
    static byte[] zeroSizePng() {
        return pngWithHeader(0, 0);
    }

    /**
     * A PNG whose IHDR declares {@code width × height} 8-bit grey pixels, with a valid CRC,
     * followed by a tiny IDAT and IEND: decoding it would need {@code width × height} bytes.
     */
    static byte[] pngWithHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.write(PNG_SIGNATURE);
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            try (DataOutputStream fields = new DataOutputStream(ihdr)) {
                fields.writeInt(width);
                fields.writeInt(height);
                fields.writeByte(8); // bit depth
                fields.writeByte(0); // colour type: grey
                fields.writeByte(0); // compression: deflate
                fields.writeByte(0); // filter method
                fields.writeByte(0); // interlace: none
            }
            writeChunk(data, "IHDR", ihdr.toByteArray());
            // A zlib stream of one stored empty block: far too little data for the header.
            byte[] emptyZlib = {0x78, 0x01, 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 1};
            writeChunk(data, "IDAT", emptyZlib);
            writeChunk(data, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeChunk(DataOutputStream out, String type, byte[] body)
            throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        out.writeInt(body.length);
        out.write(typeBytes);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }
}
