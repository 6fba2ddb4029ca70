package org.discardsearch.kafka;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.ModelConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.djl.DiscardSearchTranslatorFactory;
import org.discardsearch.pipeline.DiscardSearchBlock;

/**
 * Writes a small real Fashion-MNIST archive (28x28 grey input, a narrow compact ResNet with seeded random
 * weights) to a folder, laid out as the committed archives are, for tests that need an archive but not a trained
 * one. Public so that the integration tests (through this module's test jar) and their child JVMs use it too.
 */
public final class TestArchive {

    /** The model name. */
    public static final String NAME = "fmnist-test-tiny";

    private static DjlRecordScorer shared;

    private TestArchive() {
    }

    /**
     * Returns a scorer of an archive written once per JVM to the build folder ({@code target/test-archive} of the
     * module being tested); it lives until the JVM exits.
     *
     * @return the scorer, for use from one thread at a time
     * @throws IOException if the archive cannot be written
     */
    public static synchronized DjlRecordScorer sharedScorer() throws IOException {
        if (shared == null) {
            shared = DjlRecordScorer.load(write(Path.of("target", "test-archive")));
        }
        return shared;
    }

    /**
     * Writes the archive.
     *
     * @param dir the archive folder, created if missing
     * @return the folder
     * @throws IOException if a file cannot be written
     */
    public static Path write(Path dir) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("engine", "PyTorch");
        p.put("option.modelName", NAME);
        p.put("blockFactory", DiscardSearchBlockFactory.class.getName());
        p.put("translatorFactory", DiscardSearchTranslatorFactory.class.getName());
        p.put("architecture", "compact-resnet");
        p.put("classes", "10");
        p.put("width", "4");
        p.put("image.size", "28");
        p.put("image.channels", "1");
        p.put("image.mean", "0.286");
        p.put("image.std", "0.353");
        p.put("discardSearch.budget", "4");
        p.put("discardSearch.maxBudget", "16");
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("serving.properties"), StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : p.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        Files.write(dir.resolve(DiscardSearchTranslatorFactory.SYNSET), FashionMnist.CLASS_NAMES,
                StandardCharsets.UTF_8);
        Engine.getInstance().setRandomSeed(11);
        ModelConfig modelConfig = ModelConfig.fromArguments(p);
        DiscardSearchBlock block = DiscardSearchBlockFactory.build(modelConfig, DiscardSearchConfig.fromArguments(p));
        try (Model model = Model.newInstance(NAME, "PyTorch")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, DiscardSearchBlockFactory.inputShape(modelConfig));
            model.save(dir, NAME);
        }
        return dir;
    }
}
