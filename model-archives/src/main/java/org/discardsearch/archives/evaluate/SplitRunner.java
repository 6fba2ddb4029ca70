package org.discardsearch.archives.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.discardsearch.aggregate.Aggregator;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.train.CandidateSearch;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.pipeline.SearchComponents;
import org.discardsearch.search.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a split's images through the plain network and through the search of every {@link SearchSpec}, and
 * fills a {@link LogitTable}. Each spec runs once per batch and view, at its largest budget, and every smaller
 * budget is aggregated from the first candidates of that run (see {@link CandidateSearch}); the logits equal
 * those of a {@link org.discardsearch.pipeline.DiscardSearchBlock} run at each budget (checked by the tests).
 *
 * <p>Every batch's view runs in its own sub-manager of the given manager; only Java arrays leave it. With more
 * than one worker the searches of a batch run on a thread pool (inference only, each in its own scope). A runner
 * is used by one caller at a time.
 */
public final class SplitRunner {

    private static final Logger logger = LoggerFactory.getLogger(SplitRunner.class);

    private final SearchableNetwork network;
    private final Preprocessing preprocessing;
    private final Map<List<Integer>, AttentionAggregator> attention;
    private final NDManager manager;
    private final int batchSize;
    private final int workers;

    /**
     * Creates the runner.
     *
     * @param network the backbone, initialised with its trained parameters
     * @param preprocessing the serving preprocessing
     * @param attention trained attention modules (aligned as the layers' archive aligns) by searched layers;
     *     specs with criterion learned or aggregation attention need one for their layers
     * @param manager the manager under which each batch's scope opens
     * @param batchSize images per batch
     * @param workers threads that run a batch's searches side by side (each spec and view is independent, so
     *     the results do not depend on it)
     */
    public SplitRunner(SearchableNetwork network, Preprocessing preprocessing,
            Map<List<Integer>, AttentionAggregator> attention, NDManager manager, int batchSize, int workers) {
        this.network = Objects.requireNonNull(network, "network");
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        this.attention = Map.copyOf(attention);
        this.manager = Objects.requireNonNull(manager, "manager");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.workers = workers;
    }

    /**
     * Runs every image.
     *
     * @param images the images
     * @param specs the searches; each is run on every view of {@code searchViews} at its runnable budgets
     * @param budgets the budgets of interest (those above 1 that a spec can reach are run)
     * @param searchViews the views searched
     * @param vanillaViews views that only get the plain pass (with the first spec's layers)
     * @return the filled table
     * @throws IllegalArgumentException if a spec needs an attention module that was not given
     */
    public LogitTable run(LabelledImages images, List<SearchSpec> specs, List<Integer> budgets,
            List<ImageView> searchViews, List<ImageView> vanillaViews) {
        for (SearchSpec spec : specs) {
            if (needsAttention(spec) && !attention.containsKey(spec.layers())) {
                throw new IllegalArgumentException("No attention module for layers " + spec.layers() + ", needed by "
                        + spec.label());
            }
        }
        int classes = network.classes();
        LogitTable table = new LogitTable(images.labels(), classes);
        Set<List<Integer>> layerSets = new LinkedHashSet<>();
        specs.forEach(spec -> layerSets.add(spec.layers()));
        ParameterStore store = new ParameterStore(manager, false);
        Set<ImageView> views = new LinkedHashSet<>(searchViews);
        views.addAll(vanillaViews);
        long start = System.nanoTime();
        ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers) : null;
        try {
            for (int from = 0; from < images.size(); from += batchSize) {
                int to = Math.min(images.size(), from + batchSize);
                int[] indices = new int[to - from];
                for (int i = 0; i < indices.length; i++) {
                    indices[i] = from + i;
                }
                int first = from;
                List<Runnable> tasks = new ArrayList<>();
                for (ImageView view : views) {
                    List<List<Integer>> plainLayers = searchViews.contains(view) ? List.copyOf(layerSets)
                            : List.of(layerSets.iterator().next());
                    tasks.add(() -> inScope(images, indices, view, x -> {
                        for (List<Integer> layers : plainLayers) {
                            CandidateSearch plain = CandidateSearch.run(network, store, layers, x, 1,
                                    SearchOrderKind.PAPER, SearchComponents.criterion(CriterionKind.ENTROPY, null));
                            table.putVanilla(layers, view, first, candidateLogits(plain, classes));
                        }
                    }));
                    if (searchViews.contains(view)) {
                        for (SearchSpec spec : specs) {
                            tasks.add(() -> inScope(images, indices, view,
                                    x -> runSpec(table, spec, view, budgets, x, first, store)));
                        }
                    }
                }
                runAll(tasks, pool);
                double seconds = (System.nanoTime() - start) / 1e9;
                if ((from / batchSize) % 5 == 4 || to == images.size()) {
                    logger.info("{}/{} images, {} images/s, {} s left", to, images.size(),
                            String.format(java.util.Locale.ROOT, "%.1f", to / seconds),
                            Math.round((images.size() - to) * seconds / to));
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return table;
    }

    /** Runs the tasks, on the pool if there is one, and rethrows the first failure. */
    private static void runAll(List<Runnable> tasks, ExecutorService pool) {
        if (pool == null) {
            tasks.forEach(Runnable::run);
            return;
        }
        List<Future<?>> futures = tasks.stream().<Future<?>>map(pool::submit).toList();
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while evaluating", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Preprocesses a batch's view in its own scope, runs the work on it and frees the scope. */
    private void inScope(LabelledImages images, int[] indices, ImageView view, Consumer<NDArray> work) {
        try (NDManager scope = manager.newSubManager()) {
            work.accept(preprocessing.toTensor(view.pixels(images, indices, scope), scope));
        }
    }

    private void runSpec(LogitTable table, SearchSpec spec, ImageView view, List<Integer> budgets, NDArray x,
            int from, ParameterStore store) {
        List<Integer> runnable = spec.budgets(budgets);
        if (runnable.isEmpty()) {
            return;
        }
        AttentionAggregator module = attention.get(spec.layers());
        CandidateSearch search = CandidateSearch.run(network, store, spec.layers(), x, spec.largestBudget(budgets),
                spec.order(), SearchComponents.criterion(spec.criterion(), module));
        Aggregator aggregator = SearchComponents.aggregator(spec.aggregation(), true, 1 << spec.layers().size(), module);
        for (int budget : runnable) {
            float[] logits = prefixLogits(search, aggregator, network, store, budget);
            int[] calls = new int[search.size()];
            for (int i = 0; i < calls.length; i++) {
                calls[i] = search.calls(i, budget);
            }
            table.putSearch(spec, view, budget, from, logits, calls);
        }
    }

    private static boolean needsAttention(SearchSpec spec) {
        return spec.criterion() == CriterionKind.LEARNED || spec.aggregation() == AggregationKind.ATTENTION;
    }

    /**
     * Aggregates every image's first {@code budget} candidates and applies the head, as
     * {@link org.discardsearch.pipeline.DiscardSearchBlock} does for a search at that budget: one candidate passes
     * its logits through, more are aggregated and the aggregates of the batch go through the head together.
     *
     * @param search the search, run at this budget or a larger one
     * @param aggregator the aggregator
     * @param network the network whose head classifies
     * @param store where the head's parameters are read from
     * @param budget the budget
     * @return (N x K) logits, row-major
     */
    public static float[] prefixLogits(CandidateSearch search, Aggregator aggregator, SearchableNetwork network,
            ParameterStore store, int budget) {
        int classes = network.classes();
        int n = search.size();
        float[] logits = new float[n * classes];
        List<Integer> aggregated = new ArrayList<>();
        NDList maps = new NDList();
        NDManager parent = null;
        for (int i = 0; i < n; i++) {
            List<Node> candidates = search.candidates(i);
            int count = Math.min(budget, candidates.size());
            if (count == 1) {
                System.arraycopy(candidates.get(0).logits(), 0, logits, i * classes, classes);
                continue;
            }
            NDArray features = search.finalMaps(i, count);
            parent = features.getManager();
            float[] flat = new float[count * classes];
            for (int p = 0; p < count; p++) {
                System.arraycopy(candidates.get(p).logits(), 0, flat, p * classes, classes);
            }
            NDArray candidateLogits = parent.create(flat, new Shape(count, classes));
            maps.add(aggregator.aggregate(features, candidateLogits, SearchComponents.offsets(
                    candidates.subList(0, count))));
            features.close();
            candidateLogits.close();
            aggregated.add(i);
        }
        if (aggregated.isEmpty()) {
            return logits;
        }
        NDArray stacked = NDArrays.stack(maps, 0);
        float[] head = network.classify(store, stacked).toFloatArray();
        maps.close();
        for (int j = 0; j < aggregated.size(); j++) {
            System.arraycopy(head, j * classes, logits, aggregated.get(j) * classes, classes);
        }
        return logits;
    }

    private static float[] candidateLogits(CandidateSearch search, int classes) {
        float[] logits = new float[search.size() * classes];
        for (int i = 0; i < search.size(); i++) {
            System.arraycopy(search.candidates(i).get(0).logits(), 0, logits, i * classes, classes);
        }
        return logits;
    }
}
