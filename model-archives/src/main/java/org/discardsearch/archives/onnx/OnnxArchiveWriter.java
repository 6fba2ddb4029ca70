package org.discardsearch.archives.onnx;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.archives.pack.ArchivePackager;
import org.discardsearch.archives.torchvision.TorchvisionImporter;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.PreprocessingConfig;
import org.discardsearch.djl.DiscardSearchTranslatorFactory;
import org.discardsearch.onnx.ImportedNetwork;
import org.discardsearch.onnx.OnnxBlockFactory;
import org.discardsearch.onnx.OnnxModelReader;
import org.discardsearch.pipeline.DiscardSearchBlock;

/**
 * Writes a DJL Serving archive for an imported ONNX classifier: {@code serving.properties} (the PyTorch engine,
 * {@link OnnxBlockFactory}, {@link DiscardSearchTranslatorFactory}, torchvision's ImageNet preprocessing), the
 * file as {@value OnnxBlockFactory#FILE}, {@code synset.txt} and {@code <name>-0000.params}, which holds the
 * (untrained) attention aggregator DJL loads into the block.
 */
public final class OnnxArchiveWriter {

    private OnnxArchiveWriter() {}

    /**
     * Writes the archive.
     *
     * @param onnx the ONNX file
     * @param classNames the class names in class-index order
     * @param output the archive folder; must not hold an archive yet
     * @param name the model's name, the parameter file's prefix
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the class names do not match the graph's logits, or the folder holds an
     *     archive
     */
    public static void write(Path onnx, List<String> classNames, Path output, String name) throws IOException {
        if (Files.exists(output.resolve(ArchivePackager.SERVING_PROPERTIES))) {
            throw new IllegalArgumentException("invalid value '" + output + "' for --out: it holds an archive");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("engine", "PyTorch");
        properties.put("option.modelName", name);
        properties.put("blockFactory", OnnxBlockFactory.class.getName());
        properties.put("translatorFactory", DiscardSearchTranslatorFactory.class.getName());
        properties.putAll(TorchvisionImporter.imageNetPreprocessing());
        int side = PreprocessingConfig.fromArguments(properties).size();
        try (ImportedNetwork network = ImportedNetwork.load(OnnxModelReader.read(onnx), side, 1);
                Model model = Model.newInstance(name, "PyTorch")) {
            if (network.classes() != classNames.size()) {
                throw new IllegalArgumentException("the synset names " + classNames.size() + " classes; "
                        + onnx + " has " + network.classes() + " logits");
            }
            DiscardSearchBlock block = OnnxBlockFactory.build(network, DiscardSearchConfig.fromArguments(properties));
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, side, side));
            Files.createDirectories(output);
            try (Writer w = Files.newBufferedWriter(output.resolve(ArchivePackager.SERVING_PROPERTIES),
                    StandardCharsets.UTF_8)) {
                for (Map.Entry<String, String> e : properties.entrySet()) {
                    w.write(e.getKey() + "=" + e.getValue() + "\n");
                }
            }
            Files.copy(onnx, output.resolve(OnnxBlockFactory.FILE));
            Files.write(output.resolve(DiscardSearchTranslatorFactory.SYNSET), classNames, StandardCharsets.UTF_8);
            model.save(output, name);
        }
    }
}
