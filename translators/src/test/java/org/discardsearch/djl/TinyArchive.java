package org.discardsearch.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.ModelConfig;
import org.discardsearch.pipeline.DiscardSearchBlock;

/** Writes a small real archive (random weights) to a folder, the way the packaging command lays one out. */
final class TinyArchive {

    static final String NAME = "tiny";

    private TinyArchive() {}

    /** The archive's serving.properties, before overrides. */
    static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("engine", "PyTorch");
        p.put("option.modelName", NAME);
        p.put("blockFactory", DiscardSearchBlockFactory.class.getName());
        p.put("translatorFactory", DiscardSearchTranslatorFactory.class.getName());
        p.put("architecture", "compact-resnet");
        p.put("classes", "10");
        p.put("width", "4");
        p.put("image.size", "56");
        p.put("image.channels", "1");
        p.put("image.mean", "0.286");
        p.put("image.std", "0.353");
        p.put("discardSearch.budget", "8");
        p.put("discardSearch.maxBudget", "30");
        return p;
    }

    /** Writes the archive with the given property overrides (a null value removes a key). */
    static Path write(Path dir, Map<String, String> overrides) throws IOException {
        Map<String, String> p = properties();
        overrides.forEach((k, v) -> {
            if (v == null) {
                p.remove(k);
            } else {
                p.put(k, v);
            }
        });
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("serving.properties"), StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : p.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        Files.write(dir.resolve(DiscardSearchTranslatorFactory.SYNSET),
                IntStream.range(0, 10).mapToObj(i -> "class" + i).toList(), StandardCharsets.UTF_8);
        Engine.getInstance().setRandomSeed(5);
        Map<String, String> base = properties();
        DiscardSearchBlock block = DiscardSearchBlockFactory.build(
                ModelConfig.fromArguments(base), DiscardSearchConfig.fromArguments(base));
        try (Model model = Model.newInstance(NAME, "PyTorch")) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32,
                    DiscardSearchBlockFactory.inputShape(ModelConfig.fromArguments(base)));
            model.save(dir, NAME);
        }
        return dir;
    }
}
