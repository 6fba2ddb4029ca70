package org.discardsearch.pipeline;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.aggregate.Offset;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.layer.BlockFormat;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.search.Node;
import org.discardsearch.search.PrefixReuseExecutor;
import org.discardsearch.search.ReferenceExecutor;
import org.discardsearch.search.SearchDriver;
import org.discardsearch.search.SearchResult;
import org.discardsearch.search.SearchTree;
import org.discardsearch.search.StateEvaluator;

/**
 * A classifier with discard search: the {@link SearchableNetwork} and the learned {@link AttentionAggregator}
 * as children (the archive's parameter file holds both, in that order), and the search configuration.
 *
 * <p>In training, {@code forward} is the plain network (images to logits), so the backbone trains through the
 * same block. At inference, {@code forward} takes {@code [images (N, C, H, W), budgets (N) int32]} (budgets
 * optional: the configured budget) and returns {@code [logits (N, K) float32, stats (N, 4) int32]} where a stats
 * row is (budget, states aggregated, network calls, early exit 0/1). Budget 1 is the plain forward pass, bit
 * for bit. The block is stateless across calls and may serve several predictors at once.
 */
public final class DiscardSearchBlock extends AbstractBlock {

    /** Columns of the stats output. */
    public static final int STATS_COLUMNS = 4;

    private static final byte VERSION = 1;

    private final SearchableNetwork network;
    private final AttentionAggregator attention;
    private final DiscardSearchConfig config;
    private final List<Integer> searchedLayers;
    private final Evaluator evaluator;

    /**
     * Creates the block.
     *
     * @param network the backbone
     * @param attention the attention aggregator, for the network's final channels
     * @param config the search configuration; its layers (or the network's default) must exist in the network
     * @param evaluator which evaluator computes states
     */
    public DiscardSearchBlock(SearchableNetwork network, AttentionAggregator attention, DiscardSearchConfig config,
            Evaluator evaluator) {
        super(VERSION);
        this.network = addChildBlock("network", network);
        this.attention = addChildBlock("attention", attention);
        this.config = config;
        this.searchedLayers = config.layers().orElse(network.defaultSearchedLayers());
        network.validateSearchedLayers(searchedLayers);
        config.validateAgainst(SearchTree.reachableStates(strides(), order()));
        this.evaluator = evaluator;
    }

    /**
     * Returns the backbone.
     *
     * @return the network
     */
    public SearchableNetwork network() {
        return network;
    }

    /**
     * Returns the attention aggregator.
     *
     * @return the aggregator block
     */
    public AttentionAggregator attention() {
        return attention;
    }

    /**
     * Returns the search configuration.
     *
     * @return the configuration
     */
    public DiscardSearchConfig config() {
        return config;
    }

    /**
     * Returns the searched subsampling layers.
     *
     * @return consecutive layer indices
     */
    public List<Integer> searchedLayers() {
        return searchedLayers;
    }

    /**
     * Returns the strides of the searched layers.
     *
     * @return one stride per searched layer
     */
    public List<Integer> strides() {
        return searchedLayers.stream().map(l -> network.stride(l)).toList();
    }

    /**
     * Returns the alignment stride T, the product of the searched strides (docs/algorithm.md §5.1).
     *
     * @return T
     */
    public int alignmentStride() {
        return strides().stream().reduce(1, (a, b) -> a * b);
    }

    private SearchOrderKind order() {
        return config.order();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.get(0);
        if (training) {
            return network.forward(parameterStore, new NDList(images), true, params);
        }
        int n = (int) images.getShape().get(0);
        int[] budgets = new int[n];
        if (inputs.size() > 1) {
            int[] given = inputs.get(1).toType(DataType.INT32, false).toIntArray();
            budgets = Arrays.copyOf(given, n);
        } else {
            Arrays.fill(budgets, config.enabled() ? config.budget() : 1);
        }
        return search(parameterStore, images, budgets);
    }

    /**
     * Classifies a batch with discard search at per-image budgets.
     *
     * @param parameterStore where the parameters are read from
     * @param images normalised images (N, C, H, W)
     * @param budgets one budget per image, each in [1, maxBudget]; 1 = vanilla
     * @return [logits (N, K), stats (N, 4) int32], attached to the images' manager
     * @throws IllegalArgumentException if a budget is out of range
     */
    public NDList search(ParameterStore parameterStore, NDArray images, int[] budgets) {
        NDManager parent = images.getManager();
        int n = budgets.length;
        int classes = network.classes();
        float[] logits = new float[n * classes];
        int[] stats = new int[n * STATS_COLUMNS];
        try (NDManager scope = parent.newSubManager()) {
            images.tempAttach(scope);
            int[] used = new int[n];
            List<SearchTree> trees = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (budgets[i] < 1 || budgets[i] > config.maxBudget()) {
                    throw new IllegalArgumentException("Budget " + budgets[i] + " is outside [1, "
                            + config.maxBudget() + "] (discardSearch.maxBudget)");
                }
                used[i] = config.enabled() ? budgets[i] : 1;
                trees.add(new SearchTree(strides(), used[i], order()));
            }
            if (config.earlyExitEntropy() == 0 && Arrays.stream(used).allMatch(budget -> budget == 1)) {
                // Budget 1 is the plain network, not the segments the executor caches at the searched layers
                // for expansions that will not come: on an imported graph each segment is a session of its own
                // with its cut copied in and out, where the plain network is the whole file in one
                // (docs/performance.md, "Imported ONNX graphs").
                float[] plain = network.plainLogits(parameterStore, images).toFloatArray();
                System.arraycopy(plain, 0, logits, 0, logits.length);
                for (int i = 0; i < n; i++) {
                    // Budget 1, one state, one network call; no early exit.
                    Arrays.fill(stats, i * STATS_COLUMNS, i * STATS_COLUMNS + 3, 1);
                }
            } else {
                searchTrees(parameterStore, images, trees, logits, stats);
            }
        }
        return new NDList(parent.create(logits, new Shape(n, classes)), parent.create(stats, new Shape(n, 4)));
    }

    /** Searches every image's tree and aggregates its candidates, filling the logits and stats rows. */
    private void searchTrees(ParameterStore parameterStore, NDArray images, List<SearchTree> trees, float[] logits,
            int[] stats) {
        int n = trees.size();
        int classes = network.classes();
        StateEvaluator states = evaluator == Evaluator.REFERENCE
                ? new ReferenceExecutor(network, parameterStore, searchedLayers, images)
                : new PrefixReuseExecutor(network, parameterStore, searchedLayers, images);
        List<SearchResult> results = SearchDriver.builder()
                .setCriterion(SearchComponents.criterion(config.criterion(), attention).apply(states))
                .setExpander(states)
                .optLookahead(true)
                .optEarlyExitEntropy(config.earlyExitEntropy())
                .build()
                .run(trees);
        aggregate(parameterStore, states, results, logits, classes);
        for (int i = 0; i < n; i++) {
            SearchResult result = results.get(i);
            stats[i * STATS_COLUMNS] = trees.get(i).budget();
            stats[i * STATS_COLUMNS + 1] = result.candidates().size();
            stats[i * STATS_COLUMNS + 2] = result.networkCalls();
            stats[i * STATS_COLUMNS + 3] = result.exitedEarly() ? 1 : 0;
        }
    }

    /** Aggregates each image's candidates and applies the head; one candidate passes its logits through. */
    private void aggregate(ParameterStore parameterStore, StateEvaluator states, List<SearchResult> results,
            float[] logits, int classes) {
        List<Integer> aggregated = new ArrayList<>();
        List<NDArray> features = new ArrayList<>();
        List<NDArray> candidateLogits = new ArrayList<>();
        List<List<Offset>> offsets = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            List<Node> candidates = results.get(i).candidates();
            if (candidates.size() == 1) {
                System.arraycopy(candidates.get(0).logits(), 0, logits, i * classes, classes);
                continue;
            }
            NDArray maps = states.finalMaps(i, SearchComponents.states(candidates));
            features.add(maps);
            candidateLogits.add(maps.getManager().create(flatLogits(candidates, classes),
                    new Shape(candidates.size(), classes)));
            offsets.add(SearchComponents.offsets(candidates));
            aggregated.add(i);
        }
        if (aggregated.isEmpty()) {
            return;
        }
        NDArray maps = SearchComponents.aggregator(config.aggregation(), config.align(), alignmentStride(), attention)
                .aggregateAll(features, candidateLogits, offsets);
        float[] headLogits = network.classify(parameterStore, maps).toFloatArray();
        for (int j = 0; j < aggregated.size(); j++) {
            System.arraycopy(headLogits, j * classes, logits, aggregated.get(j) * classes, classes);
        }
    }

    private static float[] flatLogits(List<Node> candidates, int classes) {
        float[] flat = new float[candidates.size() * classes];
        for (int p = 0; p < candidates.size(); p++) {
            System.arraycopy(candidates.get(p).logits(), 0, flat, p * classes, classes);
        }
        return flat;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes[0]);
        attention.initialize(manager);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape logits = network.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        return new Shape[] {logits, new Shape(logits.get(0), STATS_COLUMNS)};
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(DiscardSearchBlock.class, loadVersion, VERSION);
        readInputShapes(is);
    }
}
