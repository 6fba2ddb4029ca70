package org.discardsearch.onnx;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.nio.file.Path;
import java.util.Map;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.PreprocessingConfig;
import org.discardsearch.djl.DiscardSearchBlockFactory;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link DiscardSearchBlock} of an archive that holds an imported graph: {@value #FILE} cut before its
 * subsampling layers ({@link ImportedNetwork}) at the side the archive's {@code image.size} gives, with the
 * search of its {@code discardSearch.*} keys. DJL then loads the archive's parameter file, which holds the
 * attention aggregator. Needs ONNX Runtime and protobuf-java on the class path.
 */
public final class OnnxBlockFactory implements BlockFactory {

    /** The graph's file in the archive. */
    public static final String FILE = "model.onnx";

    private static final long serialVersionUID = 1L;
    private static final Logger logger = LoggerFactory.getLogger(OnnxBlockFactory.class);

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        DiscardSearchConfig config = DiscardSearchConfig.fromArguments(arguments);
        DiscardSearchBlock block = build(modelPath.resolve(FILE), PreprocessingConfig.fromArguments(arguments).size(),
                config);
        logger.info("Model {}: {} with searched layers {}; effective configuration:{}{}", model.getName(),
                block.network(), block.searchedLayers(), System.lineSeparator(), config.describe());
        return block;
    }

    /**
     * Builds the block for a graph, uninitialised.
     *
     * @param file the ONNX file
     * @param side the input's height and width
     * @param config the search
     * @return the block
     * @throws OnnxFormatException if the file cannot be read, its layers found or the graph cut
     */
    public static DiscardSearchBlock build(Path file, int side, DiscardSearchConfig config) {
        return build(ImportedNetwork.load(OnnxModelReader.read(file), side, 1), config);
    }

    /**
     * Builds the block around a loaded graph, uninitialised.
     *
     * @param network the graph
     * @param config the search
     * @return the block
     */
    public static DiscardSearchBlock build(ImportedNetwork network, DiscardSearchConfig config) {
        return DiscardSearchBlockFactory.withSearch(network, network.finalChannels(), config);
    }
}
