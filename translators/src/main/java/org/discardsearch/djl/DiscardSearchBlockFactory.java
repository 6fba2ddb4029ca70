package org.discardsearch.djl;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.discardsearch.aggregate.Alignment;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.ModelConfig;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.network.SegmentedNetwork;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.Evaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an archive's {@link DiscardSearchBlock} from its {@code serving.properties} arguments: the
 * architecture ({@code architecture}, {@code classes}, {@code width}, {@code image.*}) and the search
 * ({@code discardSearch.*}). DJL then loads the archive's parameter file into it. A wrong key or value fails
 * the load with a message naming it.
 */
public final class DiscardSearchBlockFactory implements ai.djl.nn.BlockFactory {

    private static final long serialVersionUID = 1L;
    private static final Logger logger = LoggerFactory.getLogger(DiscardSearchBlockFactory.class);

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        ModelConfig modelConfig = ModelConfig.fromArguments(arguments);
        DiscardSearchConfig searchConfig = DiscardSearchConfig.fromArguments(arguments);
        DiscardSearchBlock block = build(modelConfig, searchConfig);
        // One key per line, as the consumer logs its own configuration: joined on one line they ran together.
        logger.info("Model {}: {} with searched layers {}; effective configuration:{}{}{}{}", model.getName(),
                modelConfig.architecture(), block.searchedLayers(), System.lineSeparator(), modelConfig.describe(),
                System.lineSeparator(), searchConfig.describe());
        return block;
    }

    /**
     * Builds the block for a parsed configuration, uninitialised.
     *
     * @param modelConfig the architecture and preprocessing
     * @param searchConfig the search
     * @return the block
     */
    public static DiscardSearchBlock build(ModelConfig modelConfig, DiscardSearchConfig searchConfig) {
        return build(Architectures.build(modelConfig.architecture(), modelConfig.classes(), modelConfig.width()),
                modelConfig, searchConfig);
    }

    /**
     * Builds the block around a built-in network, uninitialised.
     *
     * @param network the network, as {@link Architectures#build} makes it for the model configuration
     * @param modelConfig the preprocessing, which fixes the final map's channels
     * @param searchConfig the search
     * @return the block
     */
    public static DiscardSearchBlock build(SegmentedNetwork network, ModelConfig modelConfig,
            DiscardSearchConfig searchConfig) {
        List<Shape> shapes = network.unitInputShapes(inputShape(modelConfig));
        return withSearch(network, (int) shapes.get(shapes.size() - 1).get(1), searchConfig);
    }

    /**
     * Builds the block around any searchable network, uninitialised: the search, and an attention aggregator
     * for the final map's channels.
     *
     * @param network the network
     * @param channels the channels of its final pre-pool map
     * @param searchConfig the search; its layers (or the network's default) must exist in the network
     * @return the block
     */
    public static DiscardSearchBlock withSearch(SearchableNetwork network, int channels,
            DiscardSearchConfig searchConfig) {
        List<Integer> layers = searchConfig.layers().orElse(network.defaultSearchedLayers());
        network.validateSearchedLayers(layers);
        int alignment = layers.stream().mapToInt(network::stride).reduce(1, (a, b) -> a * b);
        AttentionAggregator.Builder attention = AttentionAggregator.builder().setFeatureDim(channels);
        if (searchConfig.align()) {
            attention.optAlignment(new Alignment(alignment));
        }
        return new DiscardSearchBlock(network, attention.build(), searchConfig, Evaluator.PREFIX_REUSE);
    }

    /**
     * Returns the shape of one preprocessed image.
     *
     * @param modelConfig the model configuration
     * @return (1, channels, size, size)
     */
    public static Shape inputShape(ModelConfig modelConfig) {
        int size = modelConfig.preprocessing().size();
        return new Shape(1, modelConfig.preprocessing().channels(), size, size);
    }
}
