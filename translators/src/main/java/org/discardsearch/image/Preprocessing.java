package org.discardsearch.image;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Turns pixels into the normalised float32 {@code (C, H, W)} tensor a model expects
 * (docs/algorithm.md §8.1).
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li><b>Strict size</b> (only with {@link Builder#optRequireSize(int, int)}): any other input
 *       size is rejected with {@link RejectReason#WRONG_SIZE}.
 *   <li><b>Channels.</b> {@code channels = 1}: an RGB input becomes its ITU-R 601 luma {@code
 *       0.299 R + 0.587 G + 0.114 B}, rounded to a whole level as in an 8-bit grey image (DJL's
 *       {@link Image.Flag#GRAYSCALE} and PIL's {@code convert("L")} round too, and the rounding
 *       makes a grey picture stored as RGB give exactly the tensor of the same picture stored as
 *       grey); a grey input keeps its own channel. {@code channels = 3}: a grey input is copied
 *       into the three channels.
 *   <li><b>Geometry</b>, bilinear on float values, without rounding to 8 bits. Enlarging uses
 *       {@link NDImageUtils#resize(NDArray, int, int, Image.Interpolation)} (PyTorch's {@code
 *       align_corners=False}). Shrinking a side is antialiased as PIL's bilinear resize is, and so
 *       torchvision's {@code Resize} on a PIL image: the triangle filter is stretched by the
 *       shrink factor so that every input pixel counts ({@link #bilinearWeights}); columns are
 *       resampled first, then rows. On the sample photos of the import tests this lands within
 *       one 8-bit level of torchvision's {@code Resize(256)} and {@code CenterCrop(224)}, whose
 *       PIL output is rounded to 8 bits. {@code resize = 0}: straight to {@code size × size}
 *       (the Fashion-MNIST models: 28×28 → 56×56). {@code resize > 0}: the shorter side to
 *       {@code resize}, the longer one to {@code floor(resize × long / short)}, then a centre crop
 *       of {@code size × size} whose offsets round half to even, as torchvision's {@code Resize}
 *       and {@code CenterCrop} do. A side that already has the target length is not resampled.
 *   <li><b>Scale</b> to [0, 1] by dividing by 255, then <b>normalise</b> {@code (x − mean) /
 *       std} per channel.
 * </ol>
 *
 * <p>{@link #toTensor(Image, NDManager)} reads the image's pixels and hands them to {@link
 * #toTensor(NDArray, NDManager)}, so training code that feeds raw pixel arrays gets exactly the
 * numbers that serving computes from the same pixels.
 *
 * <p>Immutable and thread-safe.
 */
public final class Preprocessing {

    /**
     * Largest intermediate image, in pixels, that the shorter-side resize may create (as float32
     * RGB, 192 MB). Only absurd aspect ratios reach it: at resize 256, a 40000×1000 panorama
     * becomes 10240×256 = 2.6 megapixels, but a 40,000,000×1 sliver would become
     * 10,240,000,000×256.
     */
    static final long MAX_RESIZED_PIXELS = 16_000_000L;

    private static final float LUMA_RED = 0.299f;
    private static final float LUMA_GREEN = 0.587f;
    private static final float LUMA_BLUE = 0.114f;

    private final int size;
    private final int resize;
    private final int channels;
    private final float[] mean;
    private final float[] std;
    private final int requiredWidth;
    private final int requiredHeight;

    private Preprocessing(Builder builder) {
        this.size = builder.size;
        this.resize = builder.resize;
        this.channels = builder.channels;
        this.mean = perChannel(builder.mean, builder.channels);
        this.std = perChannel(builder.std, builder.channels);
        this.requiredWidth = builder.requiredWidth;
        this.requiredHeight = builder.requiredHeight;
    }

    /**
     * Returns a builder: {@code setSize} is required; by default {@code resize = 0}, {@code
     * channels = 3}, {@code mean = 0}, {@code std = 1} and any input size is accepted.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the side of the square output, in pixels.
     *
     * @return the output height and width
     */
    public int size() {
        return size;
    }

    /**
     * Returns the length the shorter side is resized to before the centre crop, or 0 if the input
     * is resized straight to {@code size × size}.
     *
     * @return the shorter-side length, or 0
     */
    public int resize() {
        return resize;
    }

    /**
     * Returns the number of output channels.
     *
     * @return 1 (grey) or 3 (RGB)
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns the per-channel mean subtracted after scaling to [0, 1].
     *
     * @return a copy, one value per output channel
     */
    public float[] mean() {
        return mean.clone();
    }

    /**
     * Returns the per-channel standard deviation divided by after subtracting the mean.
     *
     * @return a copy, one value per output channel
     */
    public float[] std() {
        return std.clone();
    }

    /**
     * Returns the only input width accepted in strict mode.
     *
     * @return the required width, or empty if any size is accepted
     */
    public OptionalInt requiredWidth() {
        return requiredWidth == 0 ? OptionalInt.empty() : OptionalInt.of(requiredWidth);
    }

    /**
     * Returns the only input height accepted in strict mode.
     *
     * @return the required height, or empty if any size is accepted
     */
    public OptionalInt requiredHeight() {
        return requiredHeight == 0 ? OptionalInt.empty() : OptionalInt.of(requiredHeight);
    }

    /**
     * Returns the shape of the tensor {@link #toTensor(Image, NDManager)} produces.
     *
     * @return {@code (channels, size, size)}
     */
    public Shape outputShape() {
        return new Shape(channels, size, size);
    }

    /**
     * Returns whether an input of this size is accepted: always, unless strict mode requires
     * another size.
     *
     * @param width the input width in pixels
     * @param height the input height in pixels
     * @return {@code false} only if strict mode requires a different size
     */
    public boolean acceptsSize(int width, int height) {
        return requiredWidth == 0 || (width == requiredWidth && height == requiredHeight);
    }

    /**
     * Turns a decoded image into the model's input tensor.
     *
     * <p>An 8-bit grey image ({@link BufferedImage#TYPE_BYTE_GRAY}, which is what {@link
     * ImageDecoder} returns for every grey file) is read as its one channel; any other image as
     * RGB through DJL's {@link Image.Flag#COLOR}, which ignores alpha. The pixels then go through
     * {@link #toTensor(NDArray, NDManager)}.
     *
     * @param image the image; not modified
     * @param manager the manager that will own the result; intermediates are freed before return
     * @return a new float32 array of shape {@code (channels, size, size)}, owned by {@code manager}
     * @throws InputRejectedException with {@link RejectReason#WRONG_SIZE} in strict mode, or
     *     {@link RejectReason#TOO_MANY_PIXELS} if the shorter-side resize would create more than
     *     16 megapixels
     */
    public NDArray toTensor(Image image, NDManager manager) {
        Objects.requireNonNull(image, "image");
        checkInput(image.getWidth(), image.getHeight());
        Image.Flag flag = isEightBitGrey(image) ? Image.Flag.GRAYSCALE : Image.Flag.COLOR;
        try (NDManager scope = manager.newSubManager()) {
            NDArray pixels = image.toNDArray(scope, flag);
            return toTensor(pixels, manager);
        }
    }

    /**
     * Turns an array of pixel values into the model's input tensor, with exactly the steps that
     * {@link #toTensor(Image, NDManager)} applies.
     *
     * <p>The values are taken as 0..255 levels (uint8, or any integer or floating type; they are
     * not range-checked). A leading batch dimension is allowed, so training code can preprocess
     * many images in one call; the result for each image equals the single-image result.
     *
     * @param pixels {@code (H, W, C)} or {@code (N, H, W, C)}, with {@code C} 1 (grey) or 3 (RGB);
     *     not modified, and left on its own manager
     * @param manager the manager that will own the result; intermediates are freed before return
     * @return a new float32 array of shape {@code (channels, size, size)}, or {@code (N, channels,
     *     size, size)} for a batch, owned by {@code manager}
     * @throws IllegalArgumentException if the shape or data type is not one of the above
     * @throws InputRejectedException with {@link RejectReason#WRONG_SIZE} in strict mode, or
     *     {@link RejectReason#TOO_MANY_PIXELS} if the shorter-side resize would create more than
     *     16 megapixels
     */
    public NDArray toTensor(NDArray pixels, NDManager manager) {
        Objects.requireNonNull(pixels, "pixels");
        Shape shape = pixels.getShape();
        int dims = shape.dimension();
        if ((dims != 3 && dims != 4)
                || (shape.get(dims - 1) != 1 && shape.get(dims - 1) != 3)
                || shape.size() == 0) {
            throw new IllegalArgumentException(
                    "Invalid pixel array shape "
                            + shape
                            + "; expected (H, W, C) or (N, H, W, C) with C = 1 or 3 and no empty"
                            + " dimension");
        }
        DataType type = pixels.getDataType();
        if (!type.isInteger() && !type.isFloating()) {
            throw new IllegalArgumentException(
                    "Invalid pixel array type " + type + "; expected an integer or floating type");
        }
        int height = (int) shape.get(dims - 3);
        int width = (int) shape.get(dims - 2);
        int inputChannels = (int) shape.get(dims - 1);
        checkInput(width, height);
        try (NDManager scope = manager.newSubManager()) {
            pixels.tempAttach(scope);
            NDArray x = pixels.toType(DataType.FLOAT32, false);
            x = convertChannels(x, inputChannels);
            x = resizeAndCrop(x, width, height);
            x = dims == 3 ? x.transpose(2, 0, 1) : x.transpose(0, 3, 1, 2);
            NDArray meanArray = scope.create(mean).reshape(channels, 1, 1);
            NDArray stdArray = scope.create(std).reshape(channels, 1, 1);
            x = x.div(255f).sub(meanArray).div(stdArray);
            return scope.ret(x);
        }
    }

    private NDArray convertChannels(NDArray x, int inputChannels) {
        if (inputChannels == channels) {
            return x;
        }
        if (channels == 3) {
            return x.repeat(x.getShape().dimension() - 1, 3);
        }
        // Same order of float operations as DJL's GRAYSCALE conversion; + 0.5 and floor rounds
        // the non-negative luma half up, as Math.round does.
        NDArray red = x.get("..., 0:1");
        NDArray green = x.get("..., 1:2");
        NDArray blue = x.get("..., 2:3");
        return red.mul(LUMA_RED)
                .add(green.mul(LUMA_GREEN))
                .add(blue.mul(LUMA_BLUE))
                .add(0.5f)
                .floor();
    }

    private NDArray resizeAndCrop(NDArray x, int width, int height) {
        if (resize == 0) {
            return resample(x, width, height, size, size);
        }
        long[] resized = resizedSize(width, height);
        int resizedWidth = (int) resized[0];
        int resizedHeight = (int) resized[1];
        x = resample(x, width, height, resizedWidth, resizedHeight);
        if (resizedWidth == size && resizedHeight == size) {
            return x;
        }
        // torchvision's CenterCrop: int(round((side - size) / 2)), and Python rounds half to even.
        long top = (long) Math.rint((resizedHeight - size) / 2.0);
        long left = (long) Math.rint((resizedWidth - size) / 2.0);
        return x.get(new NDIndex("..., {}:{}, {}:{}, :", top, top + size, left, left + size));
    }

    /**
     * The size after resizing the shorter side to {@code resize}: torchvision's Resize(int) keeps
     * the aspect ratio with {@code int(resize * long / short)}.
     */
    private long[] resizedSize(int width, int height) {
        if (width <= height) {
            return new long[] {resize, (long) resize * height / width};
        }
        return new long[] {(long) resize * width / height, resize};
    }

    private static NDArray resample(NDArray x, int width, int height, int toWidth, int toHeight) {
        if (width == toWidth && height == toHeight) {
            return x;
        }
        if (toWidth >= width && toHeight >= height) {
            return NDImageUtils.resize(x, toWidth, toHeight, Image.Interpolation.BILINEAR);
        }
        // Shrinking: antialiased, columns first and then rows, as PIL and torchvision's antialias do.
        int dims = x.getShape().dimension();
        if (toWidth != width) {
            x = resampleAxis(x, dims - 2, width, toWidth);
        }
        if (toHeight != height) {
            x = resampleAxis(x, dims - 3, height, toHeight);
        }
        return x;
    }

    /** Resamples one axis by a matrix product with {@link #bilinearWeights}. */
    private static NDArray resampleAxis(NDArray x, int axis, int from, int to) {
        int last = x.getShape().dimension() - 1;
        NDArray weights = x.getManager().create(bilinearWeights(from, to), new Shape(to, from));
        return x.swapAxes(axis, last).matMul(weights.transpose()).swapAxes(axis, last);
    }

    /**
     * Returns PIL's bilinear resampling weights from {@code from} to {@code to} samples, row-major
     * {@code (to, from)}: output sample i is centred at {@code (i + 0.5) · from / to} in input coordinates, and
     * reads the input samples within {@code max(from / to, 1)} of it with a triangle filter stretched by that
     * factor, normalised to sum 1. When shrinking, this averages every input sample (antialiasing); when
     * growing, it is plain bilinear interpolation with half-pixel centres.
     */
    static float[] bilinearWeights(int from, int to) {
        double scale = (double) from / to;
        double stretch = Math.max(scale, 1.0);
        float[] weights = new float[to * from];
        for (int i = 0; i < to; i++) {
            double centre = (i + 0.5) * scale;
            // PIL's window: int() truncates toward zero, as the casts do here.
            int first = Math.max((int) (centre - stretch + 0.5), 0);
            int end = Math.min((int) (centre + stretch + 0.5), from);
            double total = 0;
            double[] taps = new double[end - first];
            for (int j = first; j < end; j++) {
                double distance = Math.abs((j - centre + 0.5) / stretch);
                taps[j - first] = distance < 1 ? 1 - distance : 0;
                total += taps[j - first];
            }
            for (int j = first; j < end; j++) {
                weights[i * from + j] = (float) (taps[j - first] / total);
            }
        }
        return weights;
    }

    /** Rejects an input before any pixel is touched. */
    private void checkInput(int width, int height) {
        if (!acceptsSize(width, height)) {
            throw new InputRejectedException(
                    RejectReason.WRONG_SIZE,
                    width + "x" + height + " pixels",
                    "exactly " + requiredWidth + "x" + requiredHeight + " pixels");
        }
        if (resize > 0) {
            long[] resized = resizedSize(width, height);
            // resized width × height > limit, without overflowing for a huge resize setting
            if (resized[0] > MAX_RESIZED_PIXELS / resized[1]) {
                throw new InputRejectedException(
                        RejectReason.TOO_MANY_PIXELS,
                        width + "x" + height + " pixels, which resizing the shorter side to "
                                + resize + " turns into " + resized[0] + "x" + resized[1],
                        "at most " + MAX_RESIZED_PIXELS + " pixels after resizing");
            }
        }
    }

    private static boolean isEightBitGrey(Image image) {
        return image.getWrappedImage() instanceof BufferedImage buffered
                && buffered.getType() == BufferedImage.TYPE_BYTE_GRAY;
    }

    private static float[] perChannel(float[] values, int channels) {
        if (values.length == channels) {
            return values.clone();
        }
        float[] expanded = new float[channels];
        Arrays.fill(expanded, values[0]);
        return expanded;
    }

    /**
     * Returns the settings, for the one log line at model load.
     *
     * @return e.g. {@code Preprocessing[size=56, resize=0, channels=1, mean=[0.0], std=[1.0],
     *     requireSize=any]}
     */
    @Override
    public String toString() {
        return "Preprocessing[size="
                + size
                + ", resize="
                + resize
                + ", channels="
                + channels
                + ", mean="
                + Arrays.toString(mean)
                + ", std="
                + Arrays.toString(std)
                + ", requireSize="
                + (requiredWidth == 0 ? "any" : requiredWidth + "x" + requiredHeight)
                + "]";
    }

    /**
     * Builds a {@link Preprocessing}: {@code set*} for the required size, {@code opt*} for the
     * rest; {@link #build()} checks every setting.
     */
    public static final class Builder {

        private int size;
        private int resize;
        private int channels = 3;
        private float[] mean = {0f};
        private float[] std = {1f};
        private int requiredWidth;
        private int requiredHeight;

        private Builder() {}

        /**
         * Sets the side of the square output, in pixels; required.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder setSize(int size) {
            this.size = size;
            return this;
        }

        /**
         * Sets the length the shorter side is resized to before a centre crop of {@code size};
         * 0 (the default) resizes straight to {@code size × size}.
         *
         * @param resize 0, or at least {@code size}
         * @return this builder
         */
        public Builder optResize(int resize) {
            this.resize = resize;
            return this;
        }

        /**
         * Sets the number of output channels; default 3.
         *
         * @param channels 1 (grey) or 3 (RGB)
         * @return this builder
         */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets the mean subtracted from each channel after scaling to [0, 1]; default 0.
         *
         * @param mean one value for all channels, or one per channel; finite
         * @return this builder
         */
        public Builder optMean(float... mean) {
            this.mean = mean == null ? null : mean.clone();
            return this;
        }

        /**
         * Sets the standard deviation each channel is divided by; default 1.
         *
         * @param std one value for all channels, or one per channel; finite and above 0
         * @return this builder
         */
        public Builder optStd(float... std) {
            this.std = std == null ? null : std.clone();
            return this;
        }

        /**
         * Accepts only inputs of exactly this size; any other is rejected with {@link
         * RejectReason#WRONG_SIZE}. For deployments that refuse to rescale what they are sent.
         *
         * @param width the required input width, at least 1
         * @param height the required input height, at least 1
         * @return this builder
         */
        public Builder optRequireSize(int width, int height) {
            this.requiredWidth = width;
            this.requiredHeight = height;
            return this;
        }

        /**
         * Checks every setting and builds the immutable preprocessing.
         *
         * @return the preprocessing
         * @throws DiscardSearchException with category {@link ErrorCategory#BAD_CONFIG} if a
         *     setting is missing or invalid; the message names the setting, its value and what is
         *     allowed
         */
        public Preprocessing build() {
            if (size < 1) {
                throw invalid("size", size, "an integer of at least 1 (setSize is required)");
            }
            if (resize != 0 && resize < size) {
                throw invalid("resize", resize, "0, or an integer of at least size = " + size);
            }
            if (channels != 1 && channels != 3) {
                throw invalid("channels", channels, "1 or 3");
            }
            checkPerChannel("mean", mean, false);
            checkPerChannel("std", std, true);
            if (requiredWidth != 0 || requiredHeight != 0) {
                if (requiredWidth < 1 || requiredHeight < 1) {
                    throw invalid(
                            "requireSize",
                            requiredWidth + "x" + requiredHeight,
                            "a width and height of at least 1");
                }
            }
            return new Preprocessing(this);
        }

        private void checkPerChannel(String setting, float[] values, boolean positive) {
            String allowed =
                    (channels == 1 ? "1 value" : "1 or " + channels + " values")
                            + (positive ? " above 0" : "")
                            + ", all finite (channels = "
                            + channels
                            + ")";
            if (values == null || (values.length != 1 && values.length != channels)) {
                throw invalid(setting, Arrays.toString(values), allowed);
            }
            for (float value : values) {
                if (!Float.isFinite(value) || (positive && value <= 0f)) {
                    throw invalid(setting, Arrays.toString(values), allowed);
                }
            }
        }

        private static DiscardSearchException invalid(
                String setting, Object value, String allowed) {
            return new DiscardSearchException(
                    ErrorCategory.BAD_CONFIG,
                    "Invalid value '"
                            + value
                            + "' for Preprocessing "
                            + setting
                            + "; allowed: "
                            + allowed);
        }
    }
}
