package org.discardsearch.archives.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.ModelConfig;
import org.discardsearch.config.ModelKeys;
import org.discardsearch.config.PreprocessingConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.pipeline.DiscardSearchBlock;

/**
 * A trained backbone as {@link TrainedBackbone#save} writes it: a folder with {@value TrainedBackbone#PARAMS_FILE}
 * and {@value TrainedBackbone#METADATA_FILE}. Reads the model keys (architecture, width, preprocessing) from the
 * metadata and builds {@link DiscardSearchBlock}s around the trained parameters, exactly as an archive of the
 * model would be built ({@link DiscardSearchBlockFactory#build}).
 *
 * <p>Immutable and thread-safe; the blocks it builds are not shared.
 */
public final class BackboneFiles {

    private final Path directory;
    private final Map<String, String> metadata;
    private final ModelConfig modelConfig;

    private BackboneFiles(Path directory, Map<String, String> metadata, ModelConfig modelConfig) {
        this.directory = directory;
        this.metadata = metadata;
        this.modelConfig = modelConfig;
    }

    /**
     * Reads a backbone folder's metadata.
     *
     * @param directory the folder
     * @return the backbone
     * @throws NoSuchFileException if the folder lacks a file; the message names the file and the command that
     *     writes it
     * @throws IOException if a file cannot be read
     * @throws org.discardsearch.error.ConfigException if the metadata's model keys are invalid
     */
    public static BackboneFiles read(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        for (String name : new String[] {TrainedBackbone.PARAMS_FILE, TrainedBackbone.METADATA_FILE}) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                throw new NoSuchFileException(directory.resolve(name).toString(), null,
                        "missing trained backbone file; expected the folder written by the train command"
                                + " (org.discardsearch.archives.cli.TrainCommand --out DIR)");
            }
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(directory.resolve(TrainedBackbone.METADATA_FILE),
                StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> metadata = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> metadata.put(key, properties.getProperty(key)));
        Map<String, String> modelKeys = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (ModelKeys.KEYS.names().contains(key) || ModelKeys.KEYS.owns(key)) {
                modelKeys.put(key, value);
            }
        });
        return new BackboneFiles(directory, Map.copyOf(metadata), ModelConfig.fromArguments(modelKeys));
    }

    /**
     * Returns the folder.
     *
     * @return the folder given to {@link #read}
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the folder's name, e.g. {@code compact-resnet-w16-s1}.
     *
     * @return the last path element
     */
    public String name() {
        return directory.toAbsolutePath().normalize().getFileName().toString();
    }

    /**
     * Returns every entry of the metadata file (settings, accuracies, dataset SHA-256s).
     *
     * @return an immutable map
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Returns the model keys an archive of this backbone declares: architecture, classes, width, image.*.
     *
     * @return the model configuration
     */
    public ModelConfig modelConfig() {
        return modelConfig;
    }

    /**
     * Returns the serving preprocessing of this backbone, built from its model keys as the translators build it.
     *
     * @return the preprocessing
     */
    public Preprocessing preprocessing() {
        PreprocessingConfig p = modelConfig.preprocessing();
        return Preprocessing.builder().setSize(p.size()).optResize(p.resize()).optChannels(p.channels())
                .optMean(p.meanPerChannel()).optStd(p.stdPerChannel()).build();
    }

    /**
     * Builds the archive block for a search configuration, initialised on a manager, with the trained backbone
     * parameters and, if given, the parameters of a trained attention aggregator.
     *
     * @param config the search configuration
     * @param attentionParams a file written by {@link #saveParameters} for an attention aggregator, or null for a
     *     fresh one (the plain mean, seeded)
     * @param manager owns the parameters
     * @return the block, ready for inference
     * @throws IOException if a file cannot be read
     * @throws MalformedModelException if a parameter file does not fit the architecture
     */
    public DiscardSearchBlock loadBlock(DiscardSearchConfig config, Path attentionParams, NDManager manager)
            throws IOException, MalformedModelException {
        DiscardSearchBlock block = DiscardSearchBlockFactory.build(modelConfig, config);
        block.initialize(manager, DataType.FLOAT32, DiscardSearchBlockFactory.inputShape(modelConfig));
        loadParameters(block.network(), directory.resolve(TrainedBackbone.PARAMS_FILE), manager);
        if (attentionParams != null) {
            loadParameters(block.attention(), attentionParams, manager);
        }
        return block;
    }

    /**
     * Reads a block's parameters from a file written by {@link #saveParameters}.
     *
     * @param block an initialised block of the same structure
     * @param file the file
     * @param manager owns the parameters
     * @throws IOException if the file cannot be read
     * @throws MalformedModelException if the file does not fit the block
     */
    public static void loadParameters(Block block, Path file, NDManager manager)
            throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        }
    }

    /**
     * Writes a block's parameters with {@link Block#saveParameters}.
     *
     * @param block the block
     * @param file the file, replaced if it exists
     * @throws IOException if it cannot be written
     */
    public static void saveParameters(Block block, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }
}
