package org.discardsearch.image;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bytes of one PNG or JPEG image into a DJL {@link Image}, rejecting anything else
 * before it costs memory.
 *
 * <p>The checks run in this order, and the first that fails throws an {@link
 * InputRejectedException} with its {@link RejectReason}:
 *
 * <ol>
 *   <li>{@link RejectReason#EMPTY}: no bytes;
 *   <li>{@link RejectReason#TOO_LARGE}: more than {@code maxBytes} bytes;
 *   <li>{@link RejectReason#NOT_AN_IMAGE} or {@link RejectReason#UNSUPPORTED_FORMAT}: the first
 *       bytes are not a PNG or JPEG signature (GIF, BMP, WebP and TIFF are named);
 *   <li>{@link RejectReason#ZERO_SIZE} or {@link RejectReason#TOO_MANY_PIXELS}: the width and
 *       height read from the header by {@code javax.imageio}, without decoding any pixel, are 0 or
 *       multiply to more than {@code maxPixels}; this stops decompression bombs;
 *   <li>{@link RejectReason#CORRUPT}: the header cannot be read, the decoder fails or returns
 *       nothing, or it reports that it had to patch up the data (a truncated JPEG decodes with a
 *       grey bottom and only a warning, so warnings about missing or corrupt data reject the
 *       image; warnings about metadata, such as an invalid colour profile, do not).
 * </ol>
 *
 * <p>What comes out: an image from {@link ImageFactory#getInstance()} (in {@code ai.djl:api}, a
 * wrapper around a {@link BufferedImage}). Every image with a grey colour space, whatever its bit
 * depth or alpha channel, comes out as an 8-bit {@link BufferedImage#TYPE_BYTE_GRAY} image whose
 * samples are the file's grey levels scaled to 0..255 (a 16-bit level {@code v} becomes {@code
 * round(v / 257)}), so that {@link Preprocessing} sees the file's own single channel. Without
 * this, DJL would read 16-bit grey and grey+alpha images through {@code getRGB}, which treats
 * Java's grey colour space as linear and brightens them (level 128 reads as 188). Palette images
 * come out as their palette colours; alpha channels are kept in the image but ignored by {@link
 * Preprocessing} (not composited onto a background), as PIL's {@code convert("RGB")} does. EXIF
 * orientation is not applied; PIL's {@code Image.open} does not apply it either.
 *
 * <p>Thread-safe: an instance holds only its limits, and every call uses its own reader.
 */
public final class ImageDecoder {

    /** Default for {@code maxBytes}: 16 MiB. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

    /** Default for {@code maxPixels}: 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    private static final Logger logger = LoggerFactory.getLogger(ImageDecoder.class);

    private static final String ACCEPTED_FORMATS = "PNG or JPEG";
    private static final int PREVIEW_BYTES = 8;

    /**
     * Decoder warnings about metadata only; the pixels are intact. Any other warning means the
     * decoder had to invent pixels (truncated file, corrupt entropy-coded data).
     */
    private static final String[] HARMLESS_WARNINGS = {
        "extraneous bytes", "color profile", "colour profile", "icc", "jfif", "adobe"
    };

    private final int maxBytes;
    private final long maxPixels;

    private ImageDecoder(Builder builder) {
        this.maxBytes = builder.maxBytes;
        this.maxPixels = builder.maxPixels;
    }

    /**
     * Returns a builder with the default limits.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the largest input accepted, in bytes.
     *
     * @return the byte limit
     */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Returns the largest width × height accepted, in pixels.
     *
     * @return the pixel limit
     */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Checks and decodes one PNG or JPEG image.
     *
     * @param bytes the whole encoded image; not modified and not retained
     * @return the decoded image; it holds no native memory and belongs to no {@code NDManager}
     * @throws InputRejectedException if the bytes are not an acceptable PNG or JPEG image; the
     *     reason says which check failed
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    public Image decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new InputRejectedException(RejectReason.EMPTY, "0 bytes", ACCEPTED_FORMATS);
        }
        if (bytes.length > maxBytes) {
            throw new InputRejectedException(
                    RejectReason.TOO_LARGE,
                    bytes.length + " bytes",
                    "at most " + maxBytes + " bytes");
        }
        ImageFormat format = ImageFormat.detect(bytes).orElse(null);
        if (format == null) {
            throw new InputRejectedException(
                    RejectReason.NOT_AN_IMAGE,
                    "unknown format (first bytes " + preview(bytes) + ")",
                    ACCEPTED_FORMATS);
        }
        if (!format.isSupported()) {
            throw new InputRejectedException(
                    RejectReason.UNSUPPORTED_FORMAT, format.displayName(), ACCEPTED_FORMATS);
        }
        if (format == ImageFormat.PNG) {
            rejectZeroSizePngHeader(bytes);
        }
        BufferedImage decoded = read(bytes, format);
        return ImageFactory.getInstance().fromImage(toEightBitGrey(withoutColourProfile(decoded)));
    }

    /**
     * Asks the reader to keep a JPEG's samples in the colour space of its embedded profile, as decoded, instead
     * of converting them to sRGB; {@link #withoutColourProfile} then reads them as sRGB.
     */
    private static ImageReadParam profileAsDecoded(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        while (types.hasNext()) {
            ImageTypeSpecifier type = types.next();
            ColorSpace space = type.getColorModel().getColorSpace();
            if (type.getColorModel() instanceof ComponentColorModel && !space.isCS_sRGB()
                    && space.getType() == ColorSpace.TYPE_RGB) {
                param.setDestinationType(type);
                break;
            }
        }
        return param;
    }

    /**
     * Reads an RGB image's samples as sRGB, whatever colour profile the file embeds. ImageIO tags a JPEG that
     * embeds an ICC profile with that profile's colour space, and reading its pixels then converts them to sRGB;
     * PIL, and so torchvision and the training pipelines of most models, ignore the profile and read the decoded
     * samples as they are. On the rocket photo of the import tests the conversion moved pixels by 27 levels.
     */
    static BufferedImage withoutColourProfile(BufferedImage image) {
        // Relabels the samples, so that reading them converts nothing.
        ColorModel model = image.getColorModel();
        ColorSpace space = model.getColorSpace();
        if (!(model instanceof ComponentColorModel) || space.isCS_sRGB() || space.getType() != ColorSpace.TYPE_RGB) {
            return image;
        }
        ColorModel srgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                model.getComponentSize(), model.hasAlpha(), model.isAlphaPremultiplied(), model.getTransparency(),
                model.getTransferType());
        return new BufferedImage(srgb, image.getRaster(), model.isAlphaPremultiplied(), null);
    }

    private BufferedImage read(byte[] bytes, ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
        if (!readers.hasNext()) {
            throw new DiscardSearchException(
                    ErrorCategory.INTERNAL,
                    "No javax.imageio reader for " + format.displayName() + " in this JVM");
        }
        // getImageReadersByFormatName creates a new reader per call, so no state is shared.
        ImageReader reader = readers.next();
        // Not ImageIO.createImageInputStream: with the ImageIO cache on, it may spill to a
        // temporary file. The bytes are already in memory.
        try (ImageInputStream input =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            checkHeader(reader, format);
            BufferedImage image;
            try {
                image = reader.read(0, profileAsDecoded(reader));
            } catch (IOException | RuntimeException e) {
                throw corrupt(format, describe(e), e);
            }
            if (image == null) {
                throw corrupt(format, "the decoder returned no image", null);
            }
            for (String warning : warnings) {
                if (isHarmless(warning)) {
                    logger.debug("Ignored {} decoder warning: {}", format.displayName(), warning);
                } else {
                    throw corrupt(format, warning, null);
                }
            }
            return image;
        } catch (IOException e) {
            // Only closing an in-memory stream can get here.
            throw corrupt(format, describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    private void checkHeader(ImageReader reader, ImageFormat format) {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, "unreadable header: " + describe(e), e);
        }
        if (width <= 0 || height <= 0) {
            throw zeroSize(format, width, height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new InputRejectedException(
                    RejectReason.TOO_MANY_PIXELS,
                    format.displayName() + " of " + width + "x" + height + " = " + pixels
                            + " pixels",
                    "at most " + maxPixels + " pixels");
        }
    }

    /**
     * The JDK's PNG reader fails on a 0-pixel IHDR with a generic header error, so look at the
     * IHDR first: the PNG specification requires it to be the first chunk, at a fixed offset.
     */
    private static void rejectZeroSizePngHeader(byte[] bytes) {
        if (bytes.length < 24
                || bytes[12] != 'I'
                || bytes[13] != 'H'
                || bytes[14] != 'D'
                || bytes[15] != 'R') {
            return;
        }
        long width = readUnsignedInt(bytes, 16);
        long height = readUnsignedInt(bytes, 20);
        if (width == 0 || height == 0) {
            throw zeroSize(ImageFormat.PNG, width, height);
        }
    }

    private static long readUnsignedInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) << 24
                | (bytes[offset + 1] & 0xFFL) << 16
                | (bytes[offset + 2] & 0xFFL) << 8
                | (bytes[offset + 3] & 0xFFL);
    }

    private static InputRejectedException zeroSize(ImageFormat format, long width, long height) {
        return new InputRejectedException(
                RejectReason.ZERO_SIZE,
                format.displayName() + " of " + width + "x" + height + " pixels",
                "a width and height of at least 1");
    }

    private static InputRejectedException corrupt(
            ImageFormat format, String problem, Throwable cause) {
        return new InputRejectedException(
                RejectReason.CORRUPT,
                "corrupt " + format.displayName() + " (" + problem + ")",
                "a complete " + format.displayName() + " that the decoder can read",
                cause);
    }

    private static boolean isHarmless(String warning) {
        String lower = warning.toLowerCase(Locale.ROOT);
        for (String harmless : HARMLESS_WARNINGS) {
            if (lower.contains(harmless)) {
                return true;
            }
        }
        return false;
    }

    /** The exception's message and its cause's, since users see only our message. */
    private static String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null) {
            String causeMessage = cause.getMessage();
            if (causeMessage == null) {
                causeMessage = cause.getClass().getSimpleName();
            }
            if (!message.contains(causeMessage)) {
                message += ": " + causeMessage;
            }
        }
        return message;
    }

    private static String preview(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, PREVIEW_BYTES); i++) {
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(String.format(Locale.ROOT, "%02X", bytes[i] & 0xFF));
        }
        return hex.toString();
    }

    /**
     * Returns grey images as 8-bit {@code TYPE_BYTE_GRAY} holding the file's own levels; other
     * images unchanged.
     */
    static BufferedImage toEightBitGrey(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
                || colorModel instanceof IndexColorModel
                || colorModel.getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
            return image;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        double maxLevel = (1L << colorModel.getComponentSize(0)) - 1;
        Raster source = image.getRaster();
        BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster target = grey.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            source.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                row[x] = (int) Math.round(row[x] * 255.0 / maxLevel);
            }
            target.setSamples(0, y, width, 1, 0, row);
        }
        return grey;
    }

    /** Builds an {@link ImageDecoder}; {@link #build()} checks the limits. */
    public static final class Builder {

        private int maxBytes = DEFAULT_MAX_BYTES;
        private long maxPixels = DEFAULT_MAX_PIXELS;

        private Builder() {}

        /**
         * Sets the largest input accepted, in bytes; default 16 MiB ({@value
         * ImageDecoder#DEFAULT_MAX_BYTES}).
         *
         * @param maxBytes at least 1
         * @return this builder
         */
        public Builder optMaxBytes(int maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Sets the largest width × height accepted, in pixels; default 40,000,000.
         *
         * @param maxPixels at least 1
         * @return this builder
         */
        public Builder optMaxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        /**
         * Checks the settings and builds the decoder.
         *
         * @return a new, immutable decoder
         * @throws DiscardSearchException with category {@link ErrorCategory#BAD_CONFIG} if a limit
         *     is below 1; the message names the setting and the value
         */
        public ImageDecoder build() {
            if (maxBytes < 1) {
                throw invalid("maxBytes", maxBytes);
            }
            if (maxPixels < 1) {
                throw invalid("maxPixels", maxPixels);
            }
            return new ImageDecoder(this);
        }

        private static DiscardSearchException invalid(String setting, long value) {
            return new DiscardSearchException(
                    ErrorCategory.BAD_CONFIG,
                    "Invalid value '"
                            + value
                            + "' for ImageDecoder "
                            + setting
                            + "; allowed: an integer of at least 1");
        }
    }
}
