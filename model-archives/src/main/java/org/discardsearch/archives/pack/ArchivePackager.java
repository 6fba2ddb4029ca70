package org.discardsearch.archives.pack;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.OfflineEvaluation;
import org.discardsearch.archives.evaluate.SelectionReport;
import org.discardsearch.archives.train.AttentionTraining;
import org.discardsearch.archives.train.BackboneFiles;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.djl.DiscardSearchTranslatorFactory;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a DJL Serving model archive: {@code serving.properties} (engine, model name, our factories, the model
 * keys, and every {@code discardSearch.*} key of the configuration chosen on calibration, search on),
 * {@code <name>-0000.params} (the whole {@link DiscardSearchBlock}, backbone then attention, written by
 * {@link Model#save}), {@code synset.txt} (the class names) and a model card {@code README.md}; then a zip of the
 * folder beside it. Every byte is a function of the inputs (the zip's entries carry a fixed time), so re-running
 * the commands reproduces the committed files.
 */
public final class ArchivePackager {

    /** Name of the model card in the archive. */
    public static final String CARD = "README.md";

    /** Name of the properties file DJL Serving reads. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    private static final Logger logger = LoggerFactory.getLogger(ArchivePackager.class);

    /** 2024-10-01T00:00:00Z, the time stamp of every zip entry. */
    private static final long ZIP_TIME = 1_727_740_800_000L;

    private ArchivePackager() {}

    /**
     * What goes into an archive.
     *
     * @param name the archive's (and the model's) name
     * @param backbone the trained backbone
     * @param attention the attention folder trained for the chosen layers, or null for an untrained module
     * @param calibration the calibration report, whose selection is the archive's configuration
     * @param test the test report, for the model card (may be null: the card then has no test numbers)
     * @param commands the commands that reproduce the archive, for the card
     */
    public record Contents(String name, BackboneFiles backbone, Path attention, EvaluationReport calibration,
            EvaluationReport test, List<String> commands) {

        /**
         * Checks the components.
         *
         * @throws IllegalArgumentException if the name is not a plain file name
         */
        public Contents {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(backbone, "backbone");
            Objects.requireNonNull(calibration, "calibration");
            commands = List.copyOf(commands);
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("Invalid archive name '" + name
                        + "'; allowed: letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
        }
    }

    /**
     * Writes the archive folder {@code <parent>/<name>/} and {@code <parent>/<name>.zip}.
     *
     * @param contents what goes in
     * @param parent the folder that holds archives, e.g. {@code model-archives/archives}
     * @return the archive folder
     * @throws IOException if a file cannot be read or written
     * @throws MalformedModelException if a parameter file does not fit
     */
    public static Path write(Contents contents, Path parent) throws IOException, MalformedModelException {
        Path directory = parent.resolve(contents.name());
        Files.createDirectories(directory);
        SelectionReport selection = contents.calibration().selection();
        Map<String, String> properties = servingProperties(contents);
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(properties);
        try (Model model = Model.newInstance(contents.name(), "PyTorch")) {
            Path attentionParams = contents.attention() == null ? null
                    : contents.attention().resolve(AttentionTraining.PARAMS_FILE);
            DiscardSearchBlock block = contents.backbone().loadBlock(config, attentionParams, model.getNDManager());
            model.setBlock(block);
            try (Stream<Path> old = Files.list(directory)) {
                for (Path file : old.filter(p -> p.getFileName().toString().endsWith(".params")).toList()) {
                    Files.delete(file);
                }
            }
            model.save(directory, contents.name());
        }
        try (Writer out = Files.newBufferedWriter(directory.resolve(SERVING_PROPERTIES), StandardCharsets.UTF_8)) {
            out.write("# DJL Serving model archive written by org.discardsearch.archives.pack.ArchivePackager;"
                    + " see README.md\n");
            for (Map.Entry<String, String> entry : properties.entrySet()) {
                out.write(entry.getKey() + "=" + entry.getValue() + "\n");
            }
        }
        Files.write(directory.resolve(DiscardSearchTranslatorFactory.SYNSET), FashionMnist.CLASS_NAMES,
                StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(CARD), ModelCard.render(contents, properties), StandardCharsets.UTF_8);
        zip(directory, parent.resolve(contents.name() + ".zip"));
        logger.info("Wrote archive {} with {}", directory, selection.servingProperties());
        return directory;
    }

    /**
     * Returns the archive's {@code serving.properties} entries, in file order.
     *
     * @param contents what goes in
     * @return key to value
     */
    public static Map<String, String> servingProperties(Contents contents) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("engine", "PyTorch");
        p.put("option.modelName", contents.name());
        p.put("blockFactory", DiscardSearchBlockFactory.class.getName());
        p.put("translatorFactory", DiscardSearchTranslatorFactory.class.getName());
        p.putAll(contents.backbone().modelConfig().effectiveValues());
        SelectionReport selection = contents.calibration().selection();
        p.putAll(OfflineEvaluation.chosenSpec(selection).arguments(selection.budget(), 0));
        return p;
    }

    private static void zip(Path directory, Path zipFile) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream raw = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(directory.getFileName() + "/" + file.getFileName());
                entry.setTime(ZIP_TIME);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
