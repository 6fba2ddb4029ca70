package org.discardsearch.archives.torchvision;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.ModelConfig;
import org.discardsearch.config.ModelKeys;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.djl.DiscardSearchTranslatorFactory;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a TorchScript file of a torchvision ResNet-18, ResNet-50 or MobileNetV2 into a DJL Serving archive with
 * discard search configured.
 *
 * <p>Steps: DJL's PyTorch engine loads the file and lists its named parameters; {@link TorchScriptFile} reads
 * the buffers (batch-norm running statistics), which DJL does not expose, and each layer's settings;
 * {@link WeightMapping} checks everything against our architecture and copies it; then both networks classify
 * the same random probe images and must agree (relative error at most {@link #PROBE_TOLERANCE}), which catches
 * what names and shapes cannot show, such as another activation; then the archive is written:
 * {@code serving.properties} (our factories, the architecture, the classes, ImageNet preprocessing: shorter
 * side 256, centre crop 224, ImageNet mean and std), {@code <name>-0000.params} of the whole
 * {@link DiscardSearchBlock} and {@code synset.txt}. The attention aggregator's parameters are its seeded
 * initial values (aggregation {@code attention} needs training; the default, entropy, does not use them).
 *
 * <p>Relative error here is {@code max |ours − theirs| / max |theirs|} over all logits.
 */
public final class TorchvisionImporter {

    /** The largest relative difference of the probe logits an import accepts. */
    public static final double PROBE_TOLERANCE = 1e-4;

    /** ImageNet's per-channel mean, as in torchvision's presets. */
    public static final List<Float> IMAGENET_MEAN = List.of(0.485f, 0.456f, 0.406f);

    /** ImageNet's per-channel standard deviation, as in torchvision's presets. */
    public static final List<Float> IMAGENET_STD = List.of(0.229f, 0.224f, 0.225f);

    private static final Logger logger = LoggerFactory.getLogger(TorchvisionImporter.class);
    private static final int PROBE_IMAGES = 1;
    private static final int PROBE_SEED = 17;

    private TorchvisionImporter() {}

    /**
     * What an import wrote.
     *
     * @param archive the archive folder
     * @param name the archive's model name (the prefix of its parameter file)
     * @param architecture the architecture
     * @param classes the number of classes
     * @param tensors the number of tensors copied
     * @param probeError the relative error of the probe logits
     */
    public record Result(Path archive, String name, Architecture architecture, int classes, int tensors,
            double probeError) {}

    /**
     * Imports a TorchScript file and writes the archive.
     *
     * @param torchScript the {@code .pt} file ({@code torch.jit.script} or {@code torch.jit.trace})
     * @param architecture {@code resnet18}, {@code resnet50} or {@code mobilenetv2}
     * @param synset a UTF-8 file with one class name a line, as many as the model has classes
     * @param output the archive folder; created if missing, and must not already hold an archive
     * @param name the model name, a file-name-safe word
     * @return what was written
     * @throws IOException if a file cannot be read or written
     * @throws TorchvisionImportException if the file does not fit the architecture, listing every problem
     * @throws IllegalArgumentException for a compact architecture, a bad name, a synset of the wrong length or
     *     an output folder that already holds an archive
     */
    public static Result importArchive(Path torchScript, Architecture architecture, Path synset, Path output,
            String name) throws IOException {
        if (architecture == Architecture.COMPACT_RESNET || architecture == Architecture.COMPACT_MOBILENETV2) {
            throw new IllegalArgumentException("Invalid architecture '" + architecture.configName()
                    + "' for a torchvision import; allowed: resnet18, resnet50, mobilenetv2");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("Invalid archive name '" + name
                    + "'; allowed: letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        List<String> classNames = readSynset(synset);
        if (Files.exists(output.resolve("serving.properties"))) {
            throw new IllegalArgumentException("Output folder " + output + " already holds an archive");
        }
        try (TorchScriptFile file = TorchScriptFile.read(torchScript);
                Model source = Model.newInstance("torchscript", "PyTorch")) {
            loadTorchScript(source, torchScript);
            String head = architecture == Architecture.MOBILENETV2 ? "classifier.1" : "fc";
            Shape headShape = file.tensorShapes().get(head + ".weight");
            if (headShape == null || headShape.dimension() != 2) {
                throw new TorchvisionImportException(torchScript, List.of("missing tensor " + head
                        + ".weight (classes, features): not a torchvision " + architecture.configName()));
            }
            int classes = Math.toIntExact(headShape.get(0));
            if (classNames.size() != classes) {
                throw new IllegalArgumentException("Synset " + synset + " names " + classNames.size()
                        + " classes; the model has " + classes + " (" + head + ".weight is " + headShape + ")");
            }
            Map<String, String> properties = properties(name, architecture, classes);
            ModelConfig modelConfig = ModelConfig.fromArguments(properties);
            SegmentedNetwork network = Architectures.build(architecture, classes, modelConfig.width());
            DiscardSearchBlock block = DiscardSearchBlockFactory.build(
                    network, modelConfig, DiscardSearchConfig.fromArguments(properties));
            try (Model target = Model.newInstance(name, "PyTorch")) {
                target.setBlock(block);
                // Seeded, so the attention aggregator's initial parameters are the same on every import.
                Engine.getInstance().setRandomSeed(PROBE_SEED);
                block.initialize(target.getNDManager(), DataType.FLOAT32,
                        DiscardSearchBlockFactory.inputShape(modelConfig));
                Imported imported = importInto(network, file, source.getBlock(), target.getNDManager());
                int copied = imported.tensors();
                double error = imported.probeError();
                write(output, properties, classNames, target, name);
                logger.info("Imported {} as {} ({} classes, {} tensors, probe relative error {}) into {}",
                        torchScript, architecture.configName(), classes, copied, error, output);
                return new Result(output, name, architecture, classes, copied, error);
            }
        } catch (MalformedModelException e) {
            throw new TorchvisionImportException(torchScript, List.of("DJL cannot load it: " + e.getMessage()));
        }
    }

    /** What {@link #importInto} copied, and how closely the result follows the TorchScript module. */
    record Imported(int tensors, double probeError) {}

    /**
     * Copies a TorchScript module's tensors into an initialised network of ours and checks that the two agree
     * on random probe images.
     *
     * @param network our network, initialised
     * @param file the file's module tree
     * @param torchScript the module DJL loaded from the same file
     * @param manager the manager under which the buffers and probe images live while this runs
     * @return the tensors copied and the probe's relative error
     * @throws IOException if the file cannot be read
     * @throws TorchvisionImportException if a tensor or layer does not fit, or the probe logits differ by more
     *     than {@link #PROBE_TOLERANCE}
     */
    static Imported importInto(SegmentedNetwork network, TorchScriptFile file, Block torchScript,
            NDManager manager) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            Map<String, NDArray> tensors = tensors(file, torchScript, scope);
            int copied = WeightMapping.copy(network, file.modules(), tensors, file.path());
            Engine.getInstance().setRandomSeed(PROBE_SEED);
            NDArray probe = scope.randomNormal(new Shape(PROBE_IMAGES, 3, 224, 224));
            double error = relativeError(logits(network, probe), logits(torchScript, probe));
            if (!(error <= PROBE_TOLERANCE)) {
                throw new TorchvisionImportException(file.path(), List.of(String.format(Locale.ROOT,
                        "every tensor fits %s, but on random images its logits differ from the TorchScript"
                                + " module's by a relative error of %.3g (at most %.0e allowed): the module"
                                + " computes something else, e.g. another activation, pooling or forward",
                        network.architecture(), error, PROBE_TOLERANCE)));
            }
            return new Imported(copied, error);
        }
    }

    /**
     * Returns the archive's {@code serving.properties} entries.
     *
     * @param name the model name
     * @param architecture the architecture
     * @param classes the number of classes
     * @return the keys in the order they are written
     */
    static Map<String, String> properties(String name, Architecture architecture, int classes) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("engine", "PyTorch");
        p.put("option.modelName", name);
        p.put("blockFactory", DiscardSearchBlockFactory.class.getName());
        p.put("translatorFactory", DiscardSearchTranslatorFactory.class.getName());
        p.put(ModelKeys.ARCHITECTURE.name(), architecture.configName());
        p.put(ModelKeys.CLASSES.name(), Integer.toString(classes));
        p.putAll(imageNetPreprocessing());
        return p;
    }

    /**
     * Returns torchvision's ImageNet evaluation preprocessing as archive keys: shorter side 256, centre crop 224,
     * ImageNet mean and std.
     *
     * @return the {@code image.*} keys, in a fixed order
     */
    public static Map<String, String> imageNetPreprocessing() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ModelKeys.IMAGE_SIZE.name(), "224");
        p.put(ModelKeys.IMAGE_RESIZE.name(), "256");
        p.put(ModelKeys.IMAGE_CHANNELS.name(), "3");
        p.put(ModelKeys.IMAGE_MEAN.name(), join(IMAGENET_MEAN));
        p.put(ModelKeys.IMAGE_STD.name(), join(IMAGENET_STD));
        return p;
    }

    /**
     * Loads a TorchScript file with DJL's PyTorch engine, whatever its file name.
     *
     * @param model an empty PyTorch model
     * @param torchScript the file
     * @throws IOException if it cannot be read
     * @throws MalformedModelException if libtorch rejects it
     */
    static void loadTorchScript(Model model, Path torchScript) throws IOException, MalformedModelException {
        try (InputStream in = Files.newInputStream(torchScript)) {
            model.load(in);
        }
    }

    /**
     * Collects every tensor of the file: the parameters as DJL's engine reads them, the buffers as
     * {@link TorchScriptFile} reads them. The two readers must agree on which tensors are parameters.
     *
     * @param file the file's module tree
     * @param torchScript the module DJL loaded from the same file
     * @param manager owns the buffers read
     * @return full dotted names to arrays, in the file's order
     * @throws IOException if the file cannot be read
     */
    static Map<String, NDArray> tensors(TorchScriptFile file, Block torchScript, NDManager manager)
            throws IOException {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : torchScript.getParameters()) {
            parameters.put(parameter.getKey(), parameter.getValue().getArray());
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (String name : file.tensorShapes().keySet()) {
            NDArray parameter = parameters.remove(name);
            tensors.put(name, parameter != null ? parameter : file.tensor(name, manager));
        }
        if (!parameters.isEmpty()) {
            throw new IllegalStateException("DJL lists parameters " + parameters.keySet() + " that are not in the"
                    + " module tree of " + file.path());
        }
        return tensors;
    }

    /**
     * Runs a block at inference on images.
     *
     * @param block a network or a TorchScript module
     * @param images (N, 3, H, W)
     * @return the logits (N, K), on the images' manager
     */
    static NDArray logits(Block block, NDArray images) {
        return block.forward(new ParameterStore(images.getManager(), false), new NDList(images), false)
                .singletonOrThrow();
    }

    /**
     * Returns {@code max |actual − expected| / max |expected|}.
     *
     * @param actual the logits to check
     * @param expected the reference logits
     * @return the relative error; infinite if the shapes differ
     */
    static double relativeError(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            return Double.POSITIVE_INFINITY;
        }
        double difference = actual.sub(expected).abs().max().getFloat();
        return difference / expected.abs().max().getFloat();
    }

    private static List<String> readSynset(Path synset) throws IOException {
        List<String> names = Files.readAllLines(synset, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("Synset " + synset + " names no class; expected one name a line");
        }
        return names;
    }

    private static void write(Path output, Map<String, String> properties, List<String> classNames, Model model,
            String name) throws IOException {
        Files.createDirectories(output);
        try (Writer w = Files.newBufferedWriter(output.resolve("serving.properties"), StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        Files.write(output.resolve(DiscardSearchTranslatorFactory.SYNSET), classNames, StandardCharsets.UTF_8);
        model.save(output, name);
    }

    private static String join(List<Float> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
