package org.discardsearch.archives.evaluate;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.train.AttentionTraining;
import org.discardsearch.archives.train.AttentionTrainingReport;
import org.discardsearch.archives.train.AttentionTrainingResult;
import org.discardsearch.archives.train.BackboneFiles;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.config.DiscardSearchKeys;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline A/B evaluation of one trained backbone: {@link #calibrate} chooses the archive's configuration on
 * the calibration split ({@link Selection}); {@link #test} then reads the test split once and scores every
 * method, the chosen configuration among them, against the plain model.
 *
 * <p>Not thread-safe; the engine's threads are set by the caller (the CLI) before the engine starts.
 */
public final class OfflineEvaluation {

    /** The budgets of the evaluation grid. */
    public static final List<Integer> BUDGETS = List.of(1, 2, 4, 8, 16, 30);

    /** Budget of the official default configuration. */
    public static final int OFFICIAL_BUDGET = 16;

    private static final Logger logger = LoggerFactory.getLogger(OfflineEvaluation.class);

    private final BackboneFiles backbone;
    private final FashionMnist data;
    private final List<Integer> budgets;
    private final int batchSize;
    private final int workers;
    private final int timingImages;
    private final int limit;
    private final double tolerance;
    private final String command;

    private OfflineEvaluation(Builder builder) {
        backbone = builder.backbone;
        data = builder.data;
        budgets = builder.budgets;
        batchSize = builder.batchSize;
        workers = builder.workers;
        timingImages = builder.timingImages;
        limit = builder.limit;
        tolerance = builder.tolerance;
        command = builder.command;
    }

    /**
     * Returns a builder; the backbone and the data are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Where the attention module trained for a set of searched layers can be found (or made). */
    @FunctionalInterface
    public interface AttentionSource {

        /**
         * Returns the folder of the module trained for some layers.
         *
         * @param layers the searched layers
         * @return the folder ({@link AttentionTraining#save}), or empty if there is none
         * @throws IOException if making it fails
         */
        Optional<Path> directoryFor(List<Integer> layers) throws IOException;
    }

    /**
     * Chooses the archive's configuration on the calibration split.
     *
     * @param attention where the attention modules for the chosen layers and the default layers come from
     * @param manager the manager under which everything is made
     * @return the calibration report, whose {@link EvaluationReport#selection()} is the choice
     * @throws IOException if a file cannot be read
     * @throws MalformedModelException if a parameter file does not fit
     */
    public EvaluationReport calibrate(AttentionSource attention, NDManager manager)
            throws IOException, MalformedModelException {
        long start = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            DiscardSearchBlock block = backbone.loadBlock(DiscardSearchConfig.defaults(), null, scope);
            SearchableNetwork network = block.network();
            List<Integer> defaultLayers = network.defaultSearchedLayers();
            Preprocessing preprocessing = backbone.preprocessing();
            LabelledImages calibration = limited(DatasetSplit.of(data).calibration());
            logger.info("Calibration: phase sensitivity of {} on {} images", backbone.name(), calibration.size());
            List<LayerSensitivity> sensitivity = PhaseSensitivity.measure(network, preprocessing, calibration, scope,
                    batchSize);
            for (LayerSensitivity s : sensitivity) {
                logger.info("Layer {} (phase step {} input pixels): phase accuracies {}", s.layer(),
                        s.inputPixelsPerPhaseStep(), s.phaseAccuracy());
            }
            List<List<Integer>> sets = Selection.candidateLayerSets(sensitivity, tolerance, defaultLayers);
            logger.info("Calibration: entropy searches over candidate layer sets {}", sets);
            SplitRunner entropyRunner = new SplitRunner(network, preprocessing, Map.of(), scope, batchSize,
                    workers);
            LogitTable table = entropyRunner.run(calibration, Selection.entropySpecs(sets), budgets,
                    List.of(ImageView.ORIGINAL), List.of());
            Selection selection = Selection.chooseSearch(new MethodScoring(table, defaultLayers), sensitivity,
                    tolerance, sets, budgets);
            logger.info("Calibration chose {}", selection.chosenSearch().name());

            Map<List<Integer>, AttentionTrainingResult> modules = new LinkedHashMap<>();
            Set<List<Integer>> wanted = new LinkedHashSet<>(List.of(selection.chosenSearch().spec().layers(),
                    defaultLayers));
            int featureDim = block.attention().getFeatureDim();
            for (List<Integer> layers : wanted) {
                Optional<Path> directory = attention.directoryFor(layers);
                if (directory.isPresent()) {
                    modules.put(layers, AttentionTraining.load(directory.get(), featureDim, scope));
                }
            }
            MethodScoring heldOutScoring = null;
            List<SearchSpec> attentionSpecs = Selection.attentionSpecs(List.copyOf(modules.keySet()));
            if (!modules.isEmpty()) {
                LabelledImages heldOut = heldOutPart(calibration, modules.values());
                List<SearchSpec> specs = new ArrayList<>();
                specs.add(selection.chosenSearch().spec());
                specs.addAll(attentionSpecs);
                logger.info("Calibration: attention searches on the {} held-out calibration images", heldOut.size());
                SplitRunner runner = new SplitRunner(network, preprocessing, attentionModules(modules), scope,
                        batchSize, workers);
                heldOutScoring = new MethodScoring(runner.run(heldOut, specs, budgets, List.of(ImageView.ORIGINAL),
                        List.of()), defaultLayers);
            }
            SelectionReport report = selection.finish(heldOutScoring, attentionSpecs, budgets);
            report.notes().forEach(note -> logger.info("{}", note));
            MethodScoring scoring = new MethodScoring(table, defaultLayers);
            Method officialMethod = Method.search(officialSpec(defaultLayers), OFFICIAL_BUDGET, 0, false);
            MethodResult official = table.hasSearch(officialMethod.spec(), ImageView.ORIGINAL, OFFICIAL_BUDGET)
                    ? scoring.score(officialMethod, null) : null;
            MethodResult chosen = report.aggregation().equals(AggregationKind.ATTENTION.configName())
                    ? report.aggregationCandidates().get(1) : scoring.score(selection.chosenSearch(), null);
            List<MethodResult> methods = new ArrayList<>();
            methods.add(scoring.score(Method.vanilla(), null));
            methods.addAll(report.entropyCandidates());
            return new EvaluationReport("calibration", backbone.name(), calibration.size(), engine(), threads(),
                    defaultLayers, budgets, sensitivity, report, chosen, official, methods, summaries(modules), 0,
                    (System.nanoTime() - start) / 1e9, command);
        }
    }

    /**
     * Scores every method on the test split, which nothing was tuned on.
     *
     * @param selection what the calibration split chose (with the calibrated early-exit thresholds)
     * @param attentionDirectories trained attention modules, by the layers they were trained for
     * @param manager the manager under which everything is made
     * @return the test report
     * @throws IOException if a file cannot be read
     * @throws MalformedModelException if a parameter file does not fit
     */
    public EvaluationReport test(SelectionReport selection, Map<List<Integer>, Path> attentionDirectories,
            NDManager manager) throws IOException, MalformedModelException {
        Objects.requireNonNull(selection, "selection");
        long start = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            DiscardSearchBlock block = backbone.loadBlock(DiscardSearchConfig.defaults(), null, scope);
            SearchableNetwork network = block.network();
            List<Integer> defaultLayers = network.defaultSearchedLayers();
            Preprocessing preprocessing = backbone.preprocessing();
            LabelledImages test = limited(DatasetSplit.of(data).test());
            Map<List<Integer>, AttentionTrainingResult> modules = new LinkedHashMap<>();
            for (Map.Entry<List<Integer>, Path> entry : attentionDirectories.entrySet()) {
                modules.put(entry.getKey(), AttentionTraining.load(entry.getValue(), block.attention().getFeatureDim(),
                        scope));
            }
            Set<List<Integer>> sets = new LinkedHashSet<>(List.of(defaultLayers, selection.layers()));
            List<SearchSpec> specs = new ArrayList<>(Selection.entropySpecs(List.copyOf(sets)));
            specs.addAll(Selection.attentionSpecs(sets.stream().filter(modules::containsKey).toList()));
            logger.info("Test: {} images, {} searches, views original and flip, plain pass on 1-pixel shifts",
                    test.size(), specs.size());
            SplitRunner runner = new SplitRunner(network, preprocessing, attentionModules(modules), scope, batchSize,
                    workers);
            LogitTable table = runner.run(test, specs, budgets, List.of(ImageView.ORIGINAL, ImageView.FLIP),
                    ImageView.ONE_PIXEL_SHIFTS);
            MethodScoring scoring = new MethodScoring(table, defaultLayers);
            List<Method> methods = methods(specs, selection);
            Method chosenMethod = Method.search(chosenSpec(selection), selection.budget(), 0, false);
            Method officialMethod = Method.search(officialSpec(defaultLayers), OFFICIAL_BUDGET, 0, false);
            List<MethodResult> results = new ArrayList<>();
            int timed = Math.min(timingImages, test.size());
            try (MethodTiming timing = timed == 0 ? null : new MethodTiming(network, preprocessing,
                    attentionModules(modules), defaultLayers, test.subset(range(timed)), scope,
                    block.attention().getFeatureDim())) {
                for (int m = 0; m < methods.size(); m++) {
                    MethodResult result = scoring.score(methods.get(m), null);
                    if (timing != null) {
                        result = result.withMsPerImage(timing.msPerImage(methods.get(m)));
                    }
                    results.add(result);
                    if (m % 20 == 19 || m == methods.size() - 1) {
                        logger.info("Scored and timed {}/{} methods", m + 1, methods.size());
                    }
                }
            }
            MethodResult chosen = find(results, chosenMethod.name());
            MethodResult official = results.stream().filter(r -> r.name().equals(officialMethod.name())).findFirst()
                    .orElse(null);
            logger.info("Test, chosen on calibration: {}: {} (gain {} [{}, {}], McNemar p {})", chosen.name(),
                    chosen.accuracy(), chosen.gain(), chosen.gainLower(), chosen.gainUpper(), chosen.mcNemarP());
            return new EvaluationReport("test", backbone.name(), test.size(), engine(), threads(), defaultLayers,
                    budgets, List.of(), selection, chosen, official, results, summaries(modules), timed,
                    (System.nanoTime() - start) / 1e9, command);
        }
    }

    /** The test split's methods: the baselines, then every search with and without early exit and flip. */
    private List<Method> methods(List<SearchSpec> specs, SelectionReport selection) {
        List<Method> methods = new ArrayList<>();
        methods.add(Method.vanilla());
        methods.add(Method.flipTta());
        for (int views = 2; views <= 1 + ImageView.ONE_PIXEL_SHIFTS.size(); views++) {
            methods.add(Method.shiftTta(views));
        }
        for (SearchSpec spec : specs) {
            for (int budget : spec.budgets(budgets)) {
                Method base = Method.search(spec, budget, 0, false);
                double threshold = selection.earlyExitThresholds().getOrDefault(base.name(), 0.0);
                methods.add(base);
                if (threshold > 0) {
                    methods.add(Method.search(spec, budget, threshold, false));
                }
                methods.add(Method.search(spec, budget, 0, true));
                if (threshold > 0) {
                    methods.add(Method.search(spec, budget, threshold, true));
                }
            }
        }
        return methods;
    }

    private static MethodResult find(List<MethodResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No result for " + name));
    }

    /** The attention's held-out calibration part; every module must have been trained with the same split. */
    private LabelledImages heldOutPart(LabelledImages calibration, Iterable<AttentionTrainingResult> modules) {
        LabelledImages heldOut = null;
        for (AttentionTrainingResult module : modules) {
            AttentionTrainingReport r = module.report();
            if (r.limit() != limit) {
                throw new IllegalArgumentException("Attention for layers " + r.layers() + " was trained on limit "
                        + r.limit() + " calibration images; this evaluation uses limit " + limit);
            }
            LabelledImages part = AttentionTraining.calibrationParts(calibration, r.seed(), r.heldOutPerClass())
                    .calibration();
            if (heldOut != null && !heldOut.equals(part)) {
                throw new IllegalArgumentException("Attention modules were trained on different calibration parts;"
                        + " train them with the same --seed and held-out size");
            }
            heldOut = part;
        }
        return heldOut;
    }

    private static Map<List<Integer>, AttentionAggregator> attentionModules(
            Map<List<Integer>, AttentionTrainingResult> modules) {
        Map<List<Integer>, AttentionAggregator> map = new LinkedHashMap<>();
        modules.forEach((layers, result) -> map.put(layers, result.module()));
        return map;
    }

    private static List<EvaluationReport.AttentionSummary> summaries(
            Map<List<Integer>, AttentionTrainingResult> modules) {
        List<EvaluationReport.AttentionSummary> summaries = new ArrayList<>();
        modules.forEach((layers, result) -> {
            AttentionTrainingReport r = result.report();
            AttentionTrainingReport.Run run = r.runs().get(r.keptRun());
            summaries.add(new EvaluationReport.AttentionSummary(layers, "", run.learningRate(), run.bestEpoch(),
                    r.keptHeldOutAccuracy(), r.plainMeanHeldOutAccuracy()));
        });
        return summaries;
    }

    /**
     * Returns the search a selection chose.
     *
     * @param selection the selection
     * @return its layers, order, criterion and aggregation
     */
    public static SearchSpec chosenSpec(SelectionReport selection) {
        return new SearchSpec(selection.layers(), DiscardSearchKeys.ORDER.parse(selection.order()),
                DiscardSearchKeys.CRITERION.parse(selection.criterion()),
                DiscardSearchKeys.AGGREGATION.parse(selection.aggregation()));
    }

    /**
     * Returns the official default's search: order paper, entropy criterion and weighting.
     *
     * @param defaultLayers the architecture's default layers
     * @return the spec
     */
    public static SearchSpec officialSpec(List<Integer> defaultLayers) {
        return new SearchSpec(defaultLayers, SearchOrderKind.PAPER, CriterionKind.ENTROPY, AggregationKind.ENTROPY);
    }

    private LabelledImages limited(LabelledImages images) {
        return limit == 0 || images.size() <= limit ? images : images.subset(range(limit));
    }

    private static int[] range(int n) {
        int[] indices = new int[n];
        Arrays.setAll(indices, i -> i);
        return indices;
    }

    private static String engine() {
        Engine engine = Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion();
    }

    private static String threads() {
        return System.getProperty("ai.djl.pytorch.num_threads", "default");
    }

    /** Builds an {@link OfflineEvaluation}; {@code set*} values are required, {@code opt*} values optional. */
    public static final class Builder {

        private BackboneFiles backbone;
        private FashionMnist data;
        private List<Integer> budgets = BUDGETS;
        private int batchSize = 100;
        private int workers = 1;
        private int timingImages = 100;
        private int limit;
        private double tolerance = Selection.DEFAULT_TOLERANCE;
        private String command = "";

        private Builder() {}

        /**
         * Sets the trained backbone; required.
         *
         * @param backbone the backbone
         * @return this builder
         */
        public Builder setBackbone(BackboneFiles backbone) {
            this.backbone = backbone;
            return this;
        }

        /**
         * Sets the dataset; required. Its split is the project's ({@link DatasetSplit#of(FashionMnist)}).
         *
         * @param data the dataset
         * @return this builder
         */
        public Builder setData(FashionMnist data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the budgets; {@link #BUDGETS} by default.
         *
         * @param budgets budgets, each at least 1
         * @return this builder
         */
        public Builder optBudgets(List<Integer> budgets) {
            this.budgets = List.copyOf(budgets);
            return this;
        }

        /**
         * Sets the images per batch of the evaluation runs; 100 by default.
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the threads that run a batch's searches side by side; 1 by default. Results do not depend on it.
         *
         * @param workers at least 1
         * @return this builder
         */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Sets how many test images every method is timed on (batch 1); 100 by default, 0 = no timing.
         *
         * @param timingImages 0 or more
         * @return this builder
         */
        public Builder optTimingImages(int timingImages) {
            this.timingImages = timingImages;
            return this;
        }

        /**
         * Uses only the first N images of each split part, for smoke runs; 0 (all) by default.
         *
         * @param limit 0 or more
         * @return this builder
         */
        public Builder optLimit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Sets the harmless-layer tolerance; {@link Selection#DEFAULT_TOLERANCE} by default.
         *
         * @param tolerance accuracy in [0, 1]
         * @return this builder
         */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /**
         * Sets the command line recorded in the reports.
         *
         * @param command the command
         * @return this builder
         */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the evaluation
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public OfflineEvaluation build() {
            Objects.requireNonNull(backbone, "backbone");
            Objects.requireNonNull(data, "data");
            if (budgets.stream().anyMatch(b -> b < 1) || budgets.stream().noneMatch(b -> b >= 2)) {
                throw new IllegalArgumentException("Invalid budgets " + budgets
                        + "; expected integers >= 1, at least one of them >= 2");
            }
            if (batchSize < 1 || workers < 1 || timingImages < 0 || limit < 0 || !(tolerance >= 0 && tolerance <= 1)) {
                throw new IllegalArgumentException("Invalid evaluation settings: batch " + batchSize + ", timing images "
                        + timingImages + ", limit " + limit + ", tolerance " + tolerance);
            }
            return new OfflineEvaluation(this);
        }
    }
}
