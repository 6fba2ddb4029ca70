package org.discardsearch.image;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The image formats that {@link ImageDecoder} recognises from their first bytes.
 *
 * <p>Only {@link #PNG} and {@link #JPEG} are decoded. The others are recognised so that a
 * rejection can name the format instead of calling the input "not an image".
 */
public enum ImageFormat {
    /** PNG, signature {@code 89 50 4E 47 0D 0A 1A 0A}; decoded. */
    PNG("PNG", "png", true),
    /** JPEG, signature {@code FF D8 FF}; decoded. */
    JPEG("JPEG", "jpeg", true),
    /** GIF, signature {@code GIF87a} or {@code GIF89a}; not decoded. */
    GIF("GIF", "gif", false),
    /** Windows bitmap, {@code BM} followed by a known DIB header size; not decoded. */
    BMP("BMP", "bmp", false),
    /** WebP, {@code RIFF} container of type {@code WEBP}; not decoded. */
    WEBP("WebP", "webp", false),
    /** TIFF or BigTIFF: byte order {@code II} or {@code MM}, then magic 42 or 43; not decoded. */
    TIFF("TIFF", "tiff", false);

    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A
    };
    /** Sizes of the DIB headers that follow a BMP file header (OS/2 and Windows variants). */
    private static final int[] BMP_DIB_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124};

    private final String displayName;
    private final String readerName;
    private final boolean supported;

    ImageFormat(String displayName, String readerName, boolean supported) {
        this.displayName = displayName;
        this.readerName = readerName;
        this.supported = supported;
    }

    /**
     * Returns the name users know the format by, as used in messages.
     *
     * @return e.g. {@code "JPEG"} or {@code "WebP"}
     */
    public String displayName() {
        return displayName;
    }

    /**
     * Returns the {@code javax.imageio} format name of this format's reader.
     *
     * @return e.g. {@code "png"}
     */
    String readerName() {
        return readerName;
    }

    /**
     * Returns whether {@link ImageDecoder} decodes this format.
     *
     * @return {@code true} for PNG and JPEG only
     */
    public boolean isSupported() {
        return supported;
    }

    /**
     * Recognises the format from the first bytes of an image; looks at no more than 16 bytes.
     *
     * @param bytes the whole input, or at least its first 16 bytes
     * @return the format, or empty if the bytes match none of the known signatures
     */
    public static Optional<ImageFormat> detect(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return Optional.of(JPEG);
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (startsWith(bytes, 0, new byte[] {'I', 'I', 42, 0})
                || startsWith(bytes, 0, new byte[] {'M', 'M', 0, 42})
                || startsWith(bytes, 0, new byte[] {'I', 'I', 43, 0})
                || startsWith(bytes, 0, new byte[] {'M', 'M', 0, 43})) {
            return Optional.of(TIFF);
        }
        if (isBmp(bytes)) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    // "BM" alone would also match text such as "BMW", so the DIB header size must be plausible.
    private static boolean isBmp(byte[] bytes) {
        if (bytes.length < 18 || !startsWithAscii(bytes, 0, "BM")) {
            return false;
        }
        int dibHeaderSize =
                (bytes[14] & 0xFF)
                        | (bytes[15] & 0xFF) << 8
                        | (bytes[16] & 0xFF) << 16
                        | (bytes[17] & 0xFF) << 24;
        for (int size : BMP_DIB_HEADER_SIZES) {
            if (dibHeaderSize == size) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String ascii) {
        return startsWith(bytes, offset, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (bytes[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
