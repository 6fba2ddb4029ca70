package org.discardsearch.archives.torchvision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.discardsearch.archives.torchvision.PickleReader.Global;
import org.discardsearch.archives.torchvision.PickleReader.ObjectValue;
import org.discardsearch.archives.torchvision.PickleReader.StorageRef;
import org.discardsearch.archives.torchvision.PickleReader.TensorRef;

/**
 * The module tree of a TorchScript file ({@code torch.jit.script(model).save(path)} or {@code torch.jit.trace}),
 * read from the file itself: every submodule with its class, every tensor attribute (parameters and buffers
 * alike) with its shape, and the layer settings TorchScript compiled into each class's code.
 *
 * <p>Why not only DJL: DJL's PyTorch engine loads the file and lists its named parameters, but not its buffers
 * ({@code running_mean}, {@code running_var}, {@code num_batches_tracked}), and not a layer's stride or dilation.
 * The file is a zip: {@code <dir>/data.pkl} pickles the module objects (read by {@link PickleReader}, which
 * executes nothing), {@code <dir>/data/<key>} holds each storage's raw little-endian elements, and
 * {@code <dir>/code/} holds each class's TorchScript source.
 *
 * <p>Layer settings are read from that source: a scripted class declares them as constants
 * ({@code stride : Final[Tuple[int, int]] = (2, 2)}), a traced one passes them to the op
 * ({@code torch._convolution(x, weight, None, [2, 2], [3, 3], [1, 1], False, [0, 0], 1, ...)}). They come out
 * normalised: {@code stride}, {@code padding}, {@code dilation}, {@code kernel_size} as {@code "2x2"},
 * {@code groups} as {@code "1"}, {@code ceil_mode} as {@code "false"}, {@code eps} as a decimal number,
 * {@code padding_mode} as written. A module whose code has another form has no settings.
 *
 * <p>Holds the zip open until closed; not thread-safe.
 */
public final class TorchScriptFile implements AutoCloseable {

    /** A submodule: its dotted path ({@code ""} for the root), its class's simple name and its layer settings. */
    public record TorchModule(String path, String type, Map<String, String> settings) {
        /**
         * Copies the settings.
         *
         * @param path the dotted path
         * @param type the class's simple name, e.g. {@code Conv2d}
         * @param settings the normalised layer settings
         */
        public TorchModule {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    private static final Pattern CLASS = Pattern.compile("(?m)^class (\\w+)\\(Module\\):");
    private static final Pattern FINAL = Pattern.compile("(?m)^\\s+(\\w+) : Final\\[.*\\] = (.+)$");
    private static final Pattern CONVOLUTION = Pattern.compile("torch\\._convolution\\((.*)\\)\\s*$", Pattern.MULTILINE);
    private static final Pattern MAX_POOL = Pattern.compile("torch\\.max_pool2d\\((.*)\\)\\s*$", Pattern.MULTILINE);
    private static final Pattern BATCH_NORM = Pattern.compile("torch\\.batch_norm\\((.*)\\)\\s*$", Pattern.MULTILINE);
    private static final List<String> PAIRS = List.of("stride", "padding", "dilation", "kernel_size");

    private final Path path;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, TorchModule> modules = new LinkedHashMap<>();
    private final Map<String, TensorRef> tensors = new LinkedHashMap<>();
    private final Map<String, String> code = new HashMap<>();

    private TorchScriptFile(Path path, ZipFile zip, String prefix) {
        this.path = path;
        this.zip = zip;
        this.prefix = prefix;
    }

    /**
     * Opens a TorchScript file and reads its module tree.
     *
     * @param path the {@code .pt} file
     * @return the open file
     * @throws IOException if the file cannot be read
     * @throws TorchvisionImportException if it is not a TorchScript module (for example a {@code torch.save}
     *     state dict or pickled model), or its data is malformed; the message names the file
     */
    public static TorchScriptFile read(Path path) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (java.util.zip.ZipException e) {
            throw notTorchScript(path, "it is not a zip archive (" + e.getMessage() + ")");
        }
        try {
            String prefix = null;
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    prefix = name.substring(0, name.length() - "data.pkl".length());
                }
            }
            if (prefix == null) {
                throw notTorchScript(path, "it has no <dir>/data.pkl entry");
            }
            String code = prefix + "code/";
            if (Collections.list(zip.entries()).stream().noneMatch(e -> e.getName().startsWith(code))) {
                throw notTorchScript(path, "it has data.pkl but no TorchScript code; it looks like a torch.save file"
                        + " (a state dict or a pickled model)");
            }
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                String order = new String(bytes(zip, byteOrder), StandardCharsets.US_ASCII).trim();
                if (!order.equals("little")) {
                    throw notTorchScript(path, "its tensors are stored " + order + "-endian; only little-endian"
                            + " files are supported");
                }
            }
            TorchScriptFile file = new TorchScriptFile(path, zip, prefix);
            Object root;
            try {
                root = PickleReader.read(bytes(zip, zip.getEntry(prefix + "data.pkl")));
            } catch (IllegalArgumentException e) {
                throw notTorchScript(path, e.getMessage());
            }
            if (!(root instanceof ObjectValue module) || !module.type().module().startsWith("__torch__")) {
                throw notTorchScript(path, "its data.pkl holds no TorchScript module");
            }
            file.walk("", module);
            return file;
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /**
     * Returns the file this was read from.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns every submodule by dotted path, the root ({@code ""}) first, in the file's order.
     *
     * @return an unmodifiable map
     */
    public Map<String, TorchModule> modules() {
        return Collections.unmodifiableMap(modules);
    }

    /**
     * Returns the shape of every tensor attribute (parameters and buffers) by its full dotted name, such as
     * {@code layer1.0.bn1.running_mean}, in the file's order.
     *
     * @return names to shapes
     */
    public Map<String, Shape> tensorShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, new Shape(tensor.shape())));
        return shapes;
    }

    /**
     * Reads one tensor as float32.
     *
     * @param name its full dotted name
     * @param manager the manager that owns the result
     * @return a new array with the tensor's shape (int64 and float16/64 values are converted)
     * @throws IOException if the archive cannot be read
     * @throws TorchvisionImportException for an unknown name, an unsupported element type or a storage too short
     */
    public NDArray tensor(String name, NDManager manager) throws IOException {
        TensorRef tensor = tensors.get(name);
        if (tensor == null) {
            throw new TorchvisionImportException(path, List.of("no tensor named " + name));
        }
        StorageRef storage = tensor.storage();
        int width = elementBytes(storage.storageType(), name);
        ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
        if (entry == null) {
            throw new TorchvisionImportException(path, List.of("tensor " + name + " reads storage record "
                    + storage.key() + ", which the file lacks"));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes(zip, entry)).order(ByteOrder.LITTLE_ENDIAN);
        long[] shape = tensor.shape();
        long count = new Shape(shape).size();
        float[] values = new float[Math.toIntExact(count)];
        long[] index = new long[shape.length];
        for (int i = 0; i < values.length; i++) {
            long element = tensor.offset();
            for (int d = 0; d < shape.length; d++) {
                element += index[d] * tensor.stride()[d];
            }
            if (element < 0 || (element + 1) * width > data.capacity()) {
                throw new TorchvisionImportException(path, List.of("tensor " + name + " reads element " + element
                        + " of storage " + storage.key() + ", which holds " + data.capacity() / width));
            }
            values[i] = element(data, (int) element * width, storage.storageType());
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return manager.create(values, new Shape(shape));
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private void walk(String modulePath, ObjectValue module) throws IOException {
        Global type = module.type();
        modules.put(modulePath, new TorchModule(modulePath, type.name(), settings(type)));
        for (Map.Entry<String, Object> attribute : module.state().entrySet()) {
            String name = modulePath.isEmpty() ? attribute.getKey() : modulePath + "." + attribute.getKey();
            Object value = attribute.getValue();
            if (value instanceof TensorRef tensor) {
                tensors.put(name, tensor);
            } else if (value instanceof ObjectValue child && child.type().module().startsWith("__torch__")) {
                walk(name, child);
            }
        }
    }

    private Map<String, String> settings(Global type) throws IOException {
        String source = classSource(type);
        Map<String, String> settings = new LinkedHashMap<>();
        if (source == null) {
            return settings;
        }
        Matcher constants = FINAL.matcher(source);
        while (constants.find()) {
            settings.put(constants.group(1), normalise(constants.group(1), constants.group(2)));
        }
        Matcher call = CONVOLUTION.matcher(source);
        if (call.find()) {
            List<String> args = arguments(call.group(1));
            if (args.size() >= 9) {
                settings.put("stride", normalise("stride", args.get(3)));
                settings.put("padding", normalise("padding", args.get(4)));
                settings.put("dilation", normalise("dilation", args.get(5)));
                settings.put("transposed", normalise("transposed", args.get(6)));
                settings.put("groups", normalise("groups", args.get(8)));
            }
        }
        call = MAX_POOL.matcher(source);
        if (call.find()) {
            List<String> args = arguments(call.group(1));
            if (args.size() >= 6) {
                settings.put("kernel_size", normalise("kernel_size", args.get(1)));
                settings.put("stride", normalise("stride", args.get(2)));
                settings.put("padding", normalise("padding", args.get(3)));
                settings.put("dilation", normalise("dilation", args.get(4)));
                settings.put("ceil_mode", normalise("ceil_mode", args.get(5)));
            }
        }
        call = BATCH_NORM.matcher(source);
        if (call.find()) {
            List<String> args = arguments(call.group(1));
            if (args.size() >= 8) {
                settings.put("eps", normalise("eps", args.get(7)));
            }
        }
        return settings;
    }

    /** The source of one class: {@code __torch__.a.b.Name} lives in {@code code/__torch__/a/b.py}. */
    private String classSource(Global type) throws IOException {
        String file = prefix + "code/" + type.module().replace('.', '/') + ".py";
        String text = code.get(file);
        if (text == null) {
            ZipEntry entry = zip.getEntry(file);
            text = entry == null ? "" : new String(bytes(zip, entry), StandardCharsets.UTF_8);
            code.put(file, text);
        }
        Matcher classes = CLASS.matcher(text);
        int start = -1;
        while (classes.find()) {
            if (start >= 0) {
                return text.substring(start, classes.start());
            }
            if (classes.group(1).equals(type.name())) {
                start = classes.start();
            }
        }
        return start >= 0 ? text.substring(start) : null;
    }

    /** Splits a call's arguments at top-level commas. */
    private static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = text.substring(start).trim();
        if (!last.isEmpty()) {
            args.add(last);
        }
        return args;
    }

    private static String normalise(String key, String raw) {
        String value = raw.trim();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
            return value.substring(1, value.length() - 1);
        }
        if (value.equals("True") || value.equals("False")) {
            return value.toLowerCase(Locale.ROOT);
        }
        if (key.equals("eps")) {
            try {
                return Double.toString(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return value;
            }
        }
        if (value.startsWith("(") || value.startsWith("[")) {
            List<String> parts = arguments(value.substring(1, value.length() - 1));
            return String.join("x", parts);
        }
        return PAIRS.contains(key) ? value + "x" + value : value;
    }

    private int elementBytes(String storageType, String name) {
        return switch (storageType) {
            case "FloatStorage", "IntStorage" -> 4;
            case "DoubleStorage", "LongStorage" -> 8;
            case "HalfStorage" -> 2;
            default -> throw new TorchvisionImportException(path, List.of("tensor " + name + " is stored as "
                    + storageType + "; supported: FloatStorage, DoubleStorage, HalfStorage, LongStorage,"
                    + " IntStorage"));
        };
    }

    private static float element(ByteBuffer data, int at, String storageType) {
        return switch (storageType) {
            case "FloatStorage" -> data.getFloat(at);
            case "DoubleStorage" -> (float) data.getDouble(at);
            case "HalfStorage" -> halfToFloat(data.getShort(at));
            case "LongStorage" -> data.getLong(at);
            default -> data.getInt(at);
        };
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat arrived after Java 17). */
    static float halfToFloat(short half) {
        int sign = (half >>> 15) & 1;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 0x1F) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent + 112) << 23) | (mantissa << 13));
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static TorchvisionImportException notTorchScript(Path path, String why) {
        return new TorchvisionImportException(path, List.of("not a TorchScript module: " + why
                + "; save the model with torch.jit.script(model).save(path) or torch.jit.trace(model, x).save(path)"));
    }
}
