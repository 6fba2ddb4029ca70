package org.discardsearch.archives.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.discardsearch.aggregate.Alignment;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.aggregate.Offset;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.train.attention.AttentionTrainer;
import org.discardsearch.archives.train.attention.CandidateDataset;
import org.discardsearch.archives.train.attention.EpochStats;
import org.discardsearch.archives.train.attention.Evaluation;
import org.discardsearch.archives.train.attention.FitReport;
import org.discardsearch.config.DiscardSearchConfig;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.SearchComponents;
import org.discardsearch.search.Node;
import org.discardsearch.search.RandomLearnedCriterion;
import org.discardsearch.search.SearchTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the attention aggregator of a frozen backbone on the calibration part of the split
 * ({@code docs/algorithm.md} §5.4), and chooses its learning rate on a held-out part of that same calibration
 * part; the test part is never read.
 *
 * <p><b>Data.</b> The 5,000 calibration images are split again, stratified and seeded ({@link DatasetSplit}'s
 * procedure): {@value #DEFAULT_HELD_OUT_PER_CLASS} per class (1,000) are held out, the other 4,000 train. For
 * every image a search at the training budget (30 by default, as in §5.4) is run once with criterion
 * {@code random-max_learn} ({@link RandomLearnedCriterion}), order paper, and the aligned final maps of its
 * candidates form the {@link CandidateDataset}. The priorities come from the freshly initialised module, whose
 * attention is uniform, so the candidate sets are seeded uniformly random searches. The official code re-runs
 * this search every batch with the module being trained; that needs the backbone at every step and a trainer
 * over live searches, while the core's {@link AttentionTrainer} trains on fixed candidate sets. Random search
 * orders are what the criterion gives at the start, and they show the module every kind of state (every layer
 * and phase), which is what it has to learn to weigh.
 *
 * <p><b>Training.</b> For each learning rate of the grid, a fresh module (seeded) is trained with
 * {@link AttentionTrainer}: AdamW, cosine annealing over all steps, frozen head, dropout 0.1, keeping its best
 * epoch by held-out accuracy. The grid's best run (held-out accuracy, then held-out loss) is kept. The paper's
 * learning rate, 1e-6 for 20,000 ImageNet images over 5 epochs, barely moves a module that starts at zero
 * within the few hundred steps that 4,000 images give, so the grid starts far higher.
 *
 * <p><b>Determinism.</b> The split, the search priorities, the module's initial values, the epoch order and the
 * dropout masks all derive from the seed. With one intra-op thread the run is bit-reproducible.
 */
public final class AttentionTraining {

    /** Held-out calibration images per class: 10 x 100 = 1,000. */
    public static final int DEFAULT_HELD_OUT_PER_CLASS = 100;

    /** Name of the module's parameters file in an attention folder. */
    public static final String PARAMS_FILE = "attention.params";

    /** Name of the run's report in an attention folder. */
    public static final String REPORT_FILE = "attention.json";

    /** The default learning-rate grid. */
    public static final List<Float> DEFAULT_LEARNING_RATES = List.of(1e-4f, 1e-3f, 1e-2f);

    private static final Logger logger = LoggerFactory.getLogger(AttentionTraining.class);

    private static final int SEARCH_BATCH = 100;

    private final List<Integer> layers;
    private final int budget;
    private final List<Float> learningRates;
    private final int epochs;
    private final int batchSize;
    private final float weightDecay;
    private final int seed;
    private final int heldOutPerClass;
    private final int limit;

    private AttentionTraining(Builder builder) {
        layers = builder.layers;
        budget = builder.budget;
        learningRates = builder.learningRates;
        epochs = builder.epochs;
        batchSize = builder.batchSize;
        weightDecay = builder.weightDecay;
        seed = builder.seed;
        heldOutPerClass = builder.heldOutPerClass;
        limit = builder.limit;
    }

    /**
     * Returns a builder; the searched layers are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the search configuration the module is trained for: the layers, order paper, criterion learned,
     * aggregation attention, aligned, at the training budget.
     *
     * @return the configuration
     */
    public DiscardSearchConfig searchConfig() {
        return searchConfig(layers, budget);
    }

    /**
     * Returns the configuration of a learned search over some layers at a budget, with the largest budget the
     * layers allow in paper order as maxBudget.
     *
     * @param layers the searched layers
     * @param budget the budget
     * @return the configuration
     */
    public static DiscardSearchConfig searchConfig(List<Integer> layers, int budget) {
        int reachable = SearchTree.reachableStates(java.util.Collections.nCopies(layers.size(), 2),
                SearchOrderKind.PAPER);
        return DiscardSearchConfig.fromArguments(Map.of(
                "discardSearch.layers", String.join(",", layers.stream().map(String::valueOf).toList()),
                "discardSearch.budget", Integer.toString(Math.min(budget, reachable)),
                "discardSearch.maxBudget", Integer.toString(reachable),
                "discardSearch.criterion", "learned",
                "discardSearch.aggregation", "attention"));
    }

    /**
     * Trains the module.
     *
     * @param data the dataset; only the calibration part of its split is read
     * @param backbone the trained backbone
     * @param manager owns the returned module's parameters and, while this runs, the candidate sets
     * @return the trained module and the report of the run
     * @throws IOException if the backbone cannot be read
     * @throws MalformedModelException if the backbone's parameters do not fit its architecture
     */
    public AttentionTrainingResult train(FashionMnist data, BackboneFiles backbone, NDManager manager)
            throws IOException, MalformedModelException {
        long start = System.nanoTime();
        LabelledImages calibration = limited(DatasetSplit.of(data).calibration());
        DatasetSplit parts = calibrationParts(calibration, seed, heldOutPerClass);
        LabelledImages train = parts.train();
        LabelledImages heldOut = parts.calibration();
        DiscardSearchConfig config = searchConfig();
        DiscardSearchBlock block = backbone.loadBlock(config, null, manager);
        SearchableNetwork network = block.network();
        network.freezeParameters(true);
        int featureDim = block.attention().getFeatureDim();
        logger.info("Attention training for {} layers {} at budget {}: {} train and {} held-out calibration images,"
                + " learning rates {}, {} epochs, batch {}, seed {}", backbone.name(), block.searchedLayers(),
                config.budget(), train.size(), heldOut.size(), learningRates, epochs, batchSize, seed);
        try (NDManager datasets = manager.newSubManager()) {
            Preprocessing preprocessing = backbone.preprocessing();
            CandidateDataset trainSet = candidates(block, preprocessing, train, datasets, seed);
            CandidateDataset heldOutSet = candidates(block, preprocessing, heldOut, datasets, seed + 1);
            double searchSeconds = (System.nanoTime() - start) / 1e9;
            logger.info("Candidate sets ready in {} s", Math.round(searchSeconds));
            ParameterStore headStore = new ParameterStore(manager, false);
            java.util.function.UnaryOperator<NDArray> head = maps -> network.classify(headStore, maps);
            List<AttentionTrainingReport.Run> runs = new ArrayList<>();
            byte[] bestParameters = null;
            Evaluation plainMean = null;
            int bestRun = -1;
            for (float learningRate : learningRates) {
                AttentionAggregator module = freshModule(featureDim);
                module.initialize(manager);
                AttentionTrainer trainer = AttentionTrainer.builder().setModule(module).setHead(head)
                        .optEpochs(epochs).optBatchSize(batchSize).optLearningRate(learningRate)
                        .optWeightDecay(weightDecay).optSeed(seed).build();
                if (plainMean == null) {
                    plainMean = trainer.evaluate(heldOutSet);
                    logger.info("Plain mean (the untrained module) on the held-out candidates: accuracy {}",
                            format(plainMean.accuracy()));
                }
                FitReport report = trainer.fit(trainSet, heldOutSet);
                runs.add(new AttentionTrainingReport.Run(learningRate, report.bestEpoch(),
                        report.epochs().stream().map(EpochStats::trainLoss).toList(),
                        report.epochs().stream().map(e -> e.heldOut().loss()).toList(),
                        report.epochs().stream().map(e -> e.heldOut().accuracy()).toList()));
                if (bestRun < 0 || better(report.best().heldOut(), runs.get(bestRun))) {
                    bestRun = runs.size() - 1;
                    bestParameters = parameters(module);
                }
            }
            AttentionAggregator best = freshModule(featureDim);
            best.initialize(manager);
            load(best, bestParameters, manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            AttentionTrainingReport report = new AttentionTrainingReport(backbone.name(), block.searchedLayers(),
                    config.budget(), "random-learned (fresh module: uniform), order paper, aligned", train.size(),
                    heldOut.size(), heldOutPerClass, limit, seed, epochs, batchSize, weightDecay, learningRates, runs, bestRun,
                    plainMean.accuracy(), plainMean.loss(), searchSeconds, seconds);
            logger.info("Kept learning rate {} epoch {}: held-out accuracy {} (plain mean {}), {} s in all",
                    runs.get(bestRun).learningRate(), runs.get(bestRun).bestEpoch(),
                    format(report.keptHeldOutAccuracy()), format(plainMean.accuracy()), Math.round(seconds));
            return new AttentionTrainingResult(best, report);
        }
    }

    /**
     * Splits the calibration part into the attention's training part ({@code train()}) and its held-out part
     * ({@code calibration()}), stratified and seeded as {@link DatasetSplit} splits the train file.
     *
     * @param calibration the calibration images
     * @param seed the training's seed
     * @param heldOutPerClass held-out images per class, cut to a fifth of the smallest class
     * @return the two parts; the split's test part is empty
     */
    public static DatasetSplit calibrationParts(LabelledImages calibration, int seed, int heldOutPerClass) {
        int perClass = Math.min(heldOutPerClass, Arrays.stream(calibration.classCounts()).min().orElse(0) / 5);
        return DatasetSplit.of(calibration, LabelledImages.of(new byte[0], new int[0]), seed, Math.max(1, perClass));
    }

    /**
     * Writes a trained module's folder: {@value #PARAMS_FILE} and {@value #REPORT_FILE}.
     *
     * @param result the training's result
     * @param directory the folder, created if needed
     * @throws IOException if a file cannot be written
     */
    public static void save(AttentionTrainingResult result, Path directory) throws IOException {
        BackboneFiles.saveParameters(result.module(), directory.resolve(PARAMS_FILE));
        JsonFiles.write(result.report(), directory.resolve(REPORT_FILE));
    }

    /**
     * Reads a trained module's folder, building the module aligned as an archive over its layers aligns.
     *
     * @param directory the folder written by {@link #save}
     * @param featureDim the channels of the backbone's final maps
     * @param manager owns the parameters
     * @return the module and its report
     * @throws IOException if a file is missing or unreadable
     * @throws MalformedModelException if the parameters do not fit
     */
    public static AttentionTrainingResult load(Path directory, int featureDim, NDManager manager)
            throws IOException, MalformedModelException {
        for (String name : new String[] {PARAMS_FILE, REPORT_FILE}) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                throw new NoSuchFileException(directory.resolve(name).toString(), null,
                        "missing attention file; expected the folder written by the train-aggregator command");
            }
        }
        AttentionTrainingReport report = JsonFiles.read(directory.resolve(REPORT_FILE), AttentionTrainingReport.class);
        AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(featureDim)
                .optAlignment(new Alignment(1 << report.layers().size())).build();
        module.initialize(manager);
        BackboneFiles.loadParameters(module, directory.resolve(PARAMS_FILE), manager);
        return new AttentionTrainingResult(module, report);
    }

    private static boolean better(Evaluation candidate, AttentionTrainingReport.Run incumbent) {
        double accuracy = incumbent.heldOutAccuracy().get(incumbent.bestEpoch() - 1);
        double loss = incumbent.heldOutLoss().get(incumbent.bestEpoch() - 1);
        return candidate.accuracy() > accuracy || (candidate.accuracy() == accuracy && candidate.loss() < loss);
    }

    private AttentionAggregator freshModule(int featureDim) {
        return AttentionAggregator.builder().setFeatureDim(featureDim).optSeed(seed).build();
    }

    /**
     * Runs the training search over a set of images and collects the aligned maps of every candidate.
     */
    private CandidateDataset candidates(DiscardSearchBlock block, Preprocessing preprocessing, LabelledImages images,
            NDManager datasets, int searchSeed) {
        Alignment alignment = new Alignment(block.alignmentStride());
        int count = block.config().budget();
        NDList maps = new NDList();
        NDList displacements = new NDList();
        ParameterStore store = new ParameterStore(datasets, false);
        long start = System.nanoTime();
        for (int from = 0; from < images.size(); from += SEARCH_BATCH) {
            int[] indices = range(from, Math.min(images.size(), from + SEARCH_BATCH));
            try (NDManager scope = datasets.newSubManager()) {
                NDArray x = preprocessing.toTensor(images.toNDArray(scope, indices, DataType.UINT8), scope);
                long batchSeed = (long) searchSeed * 1_000_003L + from;
                CandidateSearch search = CandidateSearch.run(block.network(), store, block.searchedLayers(), x, count,
                        SearchOrderKind.PAPER, states -> new RandomLearnedCriterion(
                                SearchComponents.receivedAttention(states, block.attention()), batchSeed));
                NDList aligned = new NDList();
                int[] pairs = new int[indices.length * count * 2];
                for (int i = 0; i < indices.length; i++) {
                    List<Node> candidates = search.candidates(i);
                    if (candidates.size() != count) {
                        throw new DiscardSearchException(ErrorCategory.INTERNAL, "Training search of image " + i
                                + " found " + candidates.size() + " candidates; expected " + count);
                    }
                    List<Offset> offsets = SearchComponents.offsets(candidates);
                    aligned.add(alignment.align(search.finalMaps(i, count), offsets));
                    for (int p = 0; p < count; p++) {
                        pairs[(i * count + p) * 2] = offsets.get(p).dx();
                        pairs[(i * count + p) * 2 + 1] = offsets.get(p).dy();
                    }
                }
                NDArray batchMaps = NDArrays.stack(aligned, 0);
                NDArray batchPairs = scope.create(pairs, new Shape(indices.length, count, 2));
                batchMaps.attach(datasets);
                batchPairs.attach(datasets);
                maps.add(batchMaps);
                displacements.add(batchPairs);
            }
            if ((from / SEARCH_BATCH) % 10 == 9 || from + SEARCH_BATCH >= images.size()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                int done = Math.min(images.size(), from + SEARCH_BATCH);
                logger.info("Training search: {}/{} images, {} images/s, {} s left", done, images.size(),
                        Math.round(done / seconds), Math.round((images.size() - done) * seconds / done));
            }
        }
        NDArray features = maps.size() == 1 ? maps.get(0) : NDArrays.concat(maps, 0);
        NDArray pairs = displacements.size() == 1 ? displacements.get(0) : NDArrays.concat(displacements, 0);
        maps.forEach(a -> {
            if (a != features) {
                a.close();
            }
        });
        displacements.forEach(a -> {
            if (a != pairs) {
                a.close();
            }
        });
        return new CandidateDataset(features, pairs, images.labels());
    }

    private static byte[] parameters(AttentionAggregator module) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            module.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void load(AttentionAggregator module, byte[] parameters, NDManager manager)
            throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            module.loadParameters(manager, in);
        }
    }

    private LabelledImages limited(LabelledImages images) {
        if (limit == 0 || images.size() <= limit) {
            return images;
        }
        return images.subset(range(0, limit));
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return indices;
    }

    private static String format(double accuracy) {
        return String.format(Locale.ROOT, "%.4f", accuracy);
    }

    /** Builds an {@link AttentionTraining}; {@code set*} values are required, {@code opt*} values optional. */
    public static final class Builder {

        private List<Integer> layers;
        private int budget = 30;
        private List<Float> learningRates = DEFAULT_LEARNING_RATES;
        private int epochs = 10;
        private int batchSize = 32;
        private float weightDecay = 0.01f;
        private int seed = 42;
        private int heldOutPerClass = DEFAULT_HELD_OUT_PER_CLASS;
        private int limit;

        private Builder() {}

        /**
         * Sets the searched layers the module is trained for; required.
         *
         * @param layers consecutive subsampling-layer indices, e.g. 1, 2, 3
         * @return this builder
         */
        public Builder setLayers(List<Integer> layers) {
            this.layers = List.copyOf(layers);
            return this;
        }

        /**
         * Sets the training budget, the candidates per image; 30 by default (§5.4), cut to the states the layers
         * can reach in paper order.
         *
         * @param budget at least 2
         * @return this builder
         */
        public Builder optBudget(int budget) {
            this.budget = budget;
            return this;
        }

        /**
         * Sets the learning rates tried; {@link #DEFAULT_LEARNING_RATES} by default.
         *
         * @param learningRates at least one, each finite and above 0
         * @return this builder
         */
        public Builder optLearningRates(List<Float> learningRates) {
            this.learningRates = List.copyOf(learningRates);
            return this;
        }

        /**
         * Sets the epochs of each run; 10 by default.
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the batch size; 32 by default (§5.4).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets AdamW's decoupled weight decay; 0.01 by default.
         *
         * @param weightDecay finite, 0 or more
         * @return this builder
         */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the seed of the held-out split, the search priorities, the initial values, the epoch order and
         * the dropout masks; 42 by default.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the held-out calibration images per class; 100 by default (fewer if a class has fewer than five
         * times as many).
         *
         * @param heldOutPerClass at least 1
         * @return this builder
         */
        public Builder optHeldOutPerClass(int heldOutPerClass) {
            this.heldOutPerClass = heldOutPerClass;
            return this;
        }

        /**
         * Uses only the first N calibration images, for smoke runs; 0 (all) by default.
         *
         * @param limit 0 or more
         * @return this builder
         */
        public Builder optLimit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Validates the settings and builds the training.
         *
         * @return the training
         * @throws DiscardSearchException (BAD_CONFIG) naming the setting that is missing or out of range
         */
        public AttentionTraining build() {
            if (layers == null || layers.isEmpty()) {
                throw invalid("layers", layers, "a non-empty list of consecutive subsampling-layer indices");
            }
            if (budget < 2) {
                throw invalid("budget", budget, ">= 2");
            }
            Objects.requireNonNull(learningRates, "learningRates");
            if (learningRates.isEmpty() || learningRates.stream().anyMatch(r -> !(r > 0f) || Float.isInfinite(r))) {
                throw invalid("learningRates", learningRates, "at least one finite value > 0");
            }
            if (epochs < 1) {
                throw invalid("epochs", epochs, ">= 1");
            }
            if (batchSize < 1) {
                throw invalid("batchSize", batchSize, ">= 1");
            }
            if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
                throw invalid("weightDecay", weightDecay, "a finite value >= 0");
            }
            if (heldOutPerClass < 1) {
                throw invalid("heldOutPerClass", heldOutPerClass, ">= 1");
            }
            if (limit < 0) {
                throw invalid("limit", limit, ">= 0");
            }
            return new AttentionTraining(this);
        }

        private static DiscardSearchException invalid(String setting, Object value, String expected) {
            return new DiscardSearchException(ErrorCategory.BAD_CONFIG,
                    "Invalid attention training setting: " + setting + " = '" + value + "'; expected " + expected);
        }
    }
}
