package org.discardsearch.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.ModelConfig;
import org.discardsearch.pipeline.DiscardSearchBlock;

/**
 * Writes a small real archive (random weights) to a folder, the way the packaging command lays one out. Public,
 * and shipped in the translators' test-jar, for the tests of the modules that serve archives.
 */
public final class TinyArchive {

    /** The archive's model name (its params prefix). */
    public static final String NAME = "tiny";

    private TinyArchive() {}

    /**
     * Returns the archive's serving.properties, before overrides.
     *
     * @return a new mutable map, in file order
     */
    public static Map<String, String> properties() {
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

    /**
     * Writes the archive with the given property overrides.
     *
     * @param dir the archive folder, created if needed
     * @param overrides keys to set; a null value removes a key
     * @return {@code dir}
     * @throws IOException if a file cannot be written
     */
    public static Path write(Path dir, Map<String, String> overrides) throws IOException {
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

    /**
     * Encodes a real grey 28×28 PNG of noise, the kind of image the archive classifies.
     *
     * @param seed the noise's seed
     * @return the PNG bytes
     * @throws IOException if encoding fails
     */
    public static byte[] png(int seed) throws IOException {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
