package org.discardsearch.archives.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.Architecture;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.Architectures;
import org.discardsearch.network.SegmentedNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a compact backbone on the 55,000 train images of the Fashion-MNIST split, with the recipe of the
 * project's pre-study: SGD with Nesterov momentum 0.9, learning rate 0.1 for a batch of 128 (scaled linearly with
 * the batch size), weight decay 5e-4 on the weights, one epoch of linear warm-up then a cosine decay to 0 per
 * step, a random 2-pixel crop and a horizontal flip, 30 epochs. Inputs go through the serving preprocessing,
 * the core's {@link Preprocessing#toTensor(NDArray, NDManager)} built by {@link #preprocessing(PixelStatistics)}
 * (bilinear resize 28 to 56, scale to [0, 1], normalise with the train images' mean and std), so training and
 * serving see identical tensors.
 *
 * <p><b>Determinism.</b> The engine's generator is seeded with {@code seed} before the parameters are
 * initialised, and one {@link Random} seeded with {@code seed} draws the shuffling of every epoch and the
 * augmentation of every batch, so every input, initial weight and learning rate is a function of the settings.
 * So is the arithmetic, for a given thread count: a 22-epoch run at width 16 on two threads, repeated in a new
 * process, gave identical parameter bytes, and short runs agreed in 4 of 4 processes on one thread and on two
 * (one and two threads give different bits). That holds since the max-pool runs libtorch's kernel in training;
 * while it took strided slices there, 1 to 3 of 8 processes differed within 8 steps at width 16.
 *
 * <p><b>Splits.</b> After every epoch the network is evaluated on the calibration part, never on the test part;
 * the test part is read once, at the end, for the record.
 *
 * <p><b>Memory.</b> Every optimizer step and every evaluation batch runs in a sub-manager of the manager given
 * to {@link #train}; only the network's parameters stay on it.
 *
 * <p>Immutable; {@link #train} may be called more than once, but not concurrently (the engine's generator and
 * autograd state are global).
 */
public final class BackboneTrainer {

    /** Side of the network's input, in pixels (Fashion-MNIST's 28x28 resized bilinearly). */
    public static final int INPUT_SIZE = 56;

    private static final Logger logger = LoggerFactory.getLogger(BackboneTrainer.class);

    private static final int EVALUATION_BATCH = 500;

    private final TrainingSettings settings;
    private final int logEvery;

    private BackboneTrainer(TrainingSettings settings, int logEvery) {
        this.settings = settings;
        this.logEvery = logEvery;
    }

    /**
     * Returns a builder; the architecture and width are required, the rest default to the recipe above.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the settings of the runs of this trainer.
     *
     * @return the settings
     */
    public TrainingSettings settings() {
        return settings;
    }

    /**
     * Trains a new network.
     *
     * @param data the dataset; its train file is split with {@code splitSeed}
     * @param manager the manager that will own the network's parameters; the caller closes it
     * @return the trained network and the report of the run
     * @throws DiscardSearchException (INTERNAL) if the loss becomes NaN or infinite
     */
    public TrainedBackbone train(FashionMnist data, NDManager manager) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(manager, "manager");
        long wallStart = System.nanoTime();
        DatasetSplit split = DatasetSplit.of(data, settings.splitSeed());
        LabelledImages train = limited(split.train());
        LabelledImages calibration = limited(split.calibration());
        LabelledImages test = limited(split.test());
        PixelStatistics statistics = PixelStatistics.of(train);
        Preprocessing preprocessing = preprocessing(statistics);
        Engine engine = manager.getEngine();
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "default");
        logger.info("Training {} width {} seed {} for {} epochs on {} train images ({}), batch {}, lr {}, {} on {}"
                + " {} with {} threads; normalisation mean {} std {}", settings.architecture().configName(),
                settings.width(), settings.seed(), settings.epochs(), train.size(), split, settings.batchSize(),
                settings.learningRate(), settings.augmentation() ? "crop+flip" : "no augmentation",
                engine.getEngineName(), engine.getVersion(), threads, statistics.mean(), statistics.std());

        engine.setRandomSeed(settings.seed());
        SegmentedNetwork network = Architectures.build(settings.architecture(), LabelledImages.CLASSES,
                settings.width());
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, INPUT_SIZE, INPUT_SIZE));
        ParameterStore parameterStore = new ParameterStore(manager, false);

        List<Double> calibrationAccuracies = new ArrayList<>();
        long trainNanos;
        try (NesterovSgd optimizer = new NesterovSgd(parameters(network), settings.momentum(),
                settings.weightDecay(), manager)) {
            trainNanos = runEpochs(network, parameterStore, optimizer, train, calibration, preprocessing, engine,
                    calibrationAccuracies);
        }
        double testAccuracy = evaluate(network, parameterStore, test, preprocessing, manager);
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        TrainingReport report = new TrainingReport(settings, statistics, train.size(), calibration.size(),
                test.size(), calibrationAccuracies, testAccuracy, trainNanos / 1e9, wallSeconds,
                engine.getEngineName() + " " + engine.getVersion(), threads, data.provenance());
        logger.info("Trained {} width {} seed {}: calibration accuracy {}, test accuracy {} (read once), {} s"
                + " ({} s training, {} images/s)", settings.architecture().configName(), settings.width(),
                settings.seed(), format(report.calibrationAccuracy()), format(testAccuracy), Math.round(wallSeconds),
                Math.round(report.trainSeconds()), Math.round(report.imagesPerSecond()));
        return new TrainedBackbone(network, report);
    }

    private long runEpochs(SegmentedNetwork network, ParameterStore parameterStore, NesterovSgd optimizer,
            LabelledImages train, LabelledImages calibration, Preprocessing preprocessing, Engine engine,
            List<Double> calibrationAccuracies) {
        NDManager manager = parameterStore.getManager();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        Random random = new Random(settings.seed());
        RandomCropFlip augmentation = RandomCropFlip.of(TrainingSettings.CROP_PADDING, true);
        int n = train.size();
        int batchSize = Math.min(settings.batchSize(), n);
        int stepsPerEpoch = (n + batchSize - 1) / batchSize;
        int totalSteps = stepsPerEpoch * settings.epochs();
        LearningRateSchedule schedule = new LearningRateSchedule(
                settings.learningRate(), stepsPerEpoch * settings.warmupEpochs(), totalSteps);
        long trainNanos = 0;
        long imagesDone = 0;
        int step = 0;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            int[] order = permutation(n, random);
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int b = 0; b < stepsPerEpoch; b++, step++) {
                int[] indices = Arrays.copyOfRange(order, b * batchSize, Math.min(n, (b + 1) * batchSize));
                float rate = schedule.rate(step);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray pixels = settings.augmentation()
                            ? bytesToArray(scope, augmentation.apply(train, indices, random), indices.length)
                            : train.toNDArray(scope, indices, DataType.UINT8);
                    NDArray images = preprocessing.toTensor(pixels, scope);
                    NDArray labels = scope.create(labels(train, indices));
                    NDArray logits;
                    NDArray batchLoss;
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        logits = network.forward(parameterStore, new NDList(images), true).singletonOrThrow();
                        batchLoss = loss.evaluate(new NDList(labels), new NDList(logits));
                        collector.backward(batchLoss);
                    }
                    optimizer.step(rate, scope);
                    float value = batchLoss.getFloat();
                    if (!Float.isFinite(value)) {
                        throw new DiscardSearchException(ErrorCategory.INTERNAL, String.format(Locale.ROOT,
                                "Training diverged: loss = %s at epoch %d step %d (learning rate %.4g); expected a"
                                + " finite loss, try a lower learning rate", value, epoch, b + 1, rate));
                    }
                    lossSum += (double) value * indices.length;
                    correct += countCorrect(logits, train, indices);
                    seen += indices.length;
                }
                if ((b + 1) % logEvery == 0 || b + 1 == stepsPerEpoch) {
                    long elapsed = trainNanos + System.nanoTime() - epochStart;
                    double imagesPerSecond = (imagesDone + seen) / (elapsed / 1e9);
                    long remaining = (long) totalSteps * batchSize - imagesDone - seen;
                    logger.info("epoch {}/{} step {}/{} loss {} train acc {} lr {} {} img/s ETA {}", epoch,
                            settings.epochs(), b + 1, stepsPerEpoch, String.format(Locale.ROOT, "%.4f",
                                    lossSum / seen), format((double) correct / seen),
                            String.format(Locale.ROOT, "%.4f", rate), Math.round(imagesPerSecond),
                            duration(Math.max(0, remaining) / imagesPerSecond));
                }
            }
            trainNanos += System.nanoTime() - epochStart;
            imagesDone += seen;
            double accuracy = evaluate(network, parameterStore, calibration, preprocessing, manager);
            calibrationAccuracies.add(accuracy);
            logger.info("epoch {}/{} done: train loss {} train acc {} calibration acc {}", epoch, settings.epochs(),
                    String.format(Locale.ROOT, "%.4f", lossSum / seen), format((double) correct / seen),
                    format(accuracy));
        }
        return trainNanos;
    }

    /**
     * Computes the top-1 accuracy of a network on a set of images, at inference, in batches of 500.
     *
     * @param network the network
     * @param parameterStore its parameter store
     * @param images the images
     * @param preprocessing the serving preprocessing
     * @param manager the manager under which each batch's sub-manager is opened
     * @return the fraction classified correctly, in [0, 1]
     */
    static double evaluate(SegmentedNetwork network, ParameterStore parameterStore, LabelledImages images,
            Preprocessing preprocessing, NDManager manager) {
        long correct = 0;
        for (int start = 0; start < images.size(); start += EVALUATION_BATCH) {
            int[] indices = new int[Math.min(EVALUATION_BATCH, images.size() - start)];
            Arrays.setAll(indices, i -> i);
            for (int i = 0; i < indices.length; i++) {
                indices[i] += start;
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = preprocessing.toTensor(images.toNDArray(scope, indices, DataType.UINT8), scope);
                NDArray logits = network.forward(parameterStore, new NDList(x), false).singletonOrThrow();
                correct += countCorrect(logits, images, indices);
            }
        }
        return (double) correct / images.size();
    }

    /**
     * Returns the serving preprocessing of a model trained with these statistics: 56x56, one channel, no crop,
     * the given mean and std; the same settings an archive declares with {@link TrainingReport#modelProperties()}.
     *
     * @param statistics the normalisation
     * @return the preprocessing
     */
    public static Preprocessing preprocessing(PixelStatistics statistics) {
        return Preprocessing.builder().setSize(INPUT_SIZE).optResize(0).optChannels(1)
                .optMean(statistics.mean()).optStd(statistics.std()).build();
    }

    private static List<Parameter> parameters(SegmentedNetwork network) {
        return network.getParameters().values();
    }

    private LabelledImages limited(LabelledImages images) {
        if (settings.limit() == 0 || images.size() <= settings.limit()) {
            return images;
        }
        int[] first = new int[settings.limit()];
        Arrays.setAll(first, i -> i);
        return images.subset(first);
    }

    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static NDArray bytesToArray(NDManager manager, byte[] pixels, int count) {
        ByteBuffer buffer = manager.allocateDirect(pixels.length);
        buffer.put(pixels).rewind();
        return manager.create(buffer, new Shape(count, LabelledImages.ROWS, LabelledImages.COLUMNS, 1),
                DataType.UINT8);
    }

    private static long[] labels(LabelledImages images, int[] indices) {
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = images.label(indices[i]);
        }
        return labels;
    }

    private static long countCorrect(NDArray logits, LabelledImages images, int[] indices) {
        long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
        long correct = 0;
        for (int i = 0; i < indices.length; i++) {
            if (predicted[i] == images.label(indices[i])) {
                correct++;
            }
        }
        return correct;
    }

    private static String format(double accuracy) {
        return String.format(Locale.ROOT, "%.4f", accuracy);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /**
     * Builds a {@link BackboneTrainer}: {@code set*} for the required architecture and width, {@code opt*} for
     * the rest; {@link #build()} checks every setting and names the one that is wrong.
     */
    public static final class Builder {

        private Architecture architecture;
        private int width;
        private int seed = 1;
        private int epochs = 30;
        private int batchSize = TrainingSettings.REFERENCE_BATCH_SIZE;
        private float learningRate = 0.1f;
        private float momentum = 0.9f;
        private float weightDecay = 5e-4f;
        private Integer warmupEpochs;
        private boolean augmentation = true;
        private long splitSeed = DatasetSplit.DEFAULT_SEED;
        private int limit;
        private int logEvery = 50;

        private Builder() {}

        /**
         * Sets the architecture; required.
         *
         * @param architecture {@link Architecture#COMPACT_RESNET} or {@link Architecture#COMPACT_MOBILENETV2}
         * @return this builder
         */
        public Builder setArchitecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the width (the first stage's channels); required.
         *
         * @param width at least 1; even for compact-mobilenetv2
         * @return this builder
         */
        public Builder setWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Sets the seed of initialisation, shuffling and augmentation; default 1.
         *
         * @param seed 0 or more
         * @return this builder
         */
        public Builder optSeed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the number of epochs; default 30.
         *
         * @param epochs at least 1, more than the warm-up epochs
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the batch size; default 128.
         *
         * @param batchSize at least 2 (batch norm needs two images)
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the peak learning rate for a batch of 128, scaled linearly with the batch size; default 0.1.
         *
         * @param learningRate finite, above 0
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets the Nesterov momentum; default 0.9.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets the L2 weight decay of the convolution and fully connected weights; default 5e-4.
         *
         * @param weightDecay finite, 0 or more
         * @return this builder
         */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the epochs of linear learning-rate warm-up; default 1, or 0 for a run of a single epoch.
         *
         * @param warmupEpochs 0 or more, fewer than the epochs
         * @return this builder
         */
        public Builder optWarmupEpochs(int warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        /**
         * Turns the random crop and flip on or off; default on.
         *
         * @param augmentation whether to augment
         * @return this builder
         */
        public Builder optAugmentation(boolean augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Sets the seed of the dataset split; default {@link DatasetSplit#DEFAULT_SEED}, the project's split.
         *
         * @param splitSeed the seed
         * @return this builder
         */
        public Builder optSplitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        /**
         * Uses at most this many images of each part, for smoke runs; default 0, all.
         *
         * @param limit 0 (all) or at least 2
         * @return this builder
         */
        public Builder optLimit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Sets how often progress is logged; default every 50 steps (and at the end of each epoch).
         *
         * @param logEvery steps between progress lines, at least 1
         * @return this builder
         */
        public Builder optLogEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        /**
         * Checks every setting and builds the trainer.
         *
         * @return the trainer
         * @throws DiscardSearchException (BAD_CONFIG) naming the setting, its value and what is allowed
         */
        public BackboneTrainer build() {
            if (architecture != Architecture.COMPACT_RESNET && architecture != Architecture.COMPACT_MOBILENETV2) {
                throw invalid("architecture", architecture,
                        Architecture.COMPACT_RESNET + ", " + Architecture.COMPACT_MOBILENETV2
                                + " (the models for 56x56 grey input)");
            }
            if (architecture == Architecture.COMPACT_MOBILENETV2 && (width < 2 || width % 2 != 0)) {
                throw invalid("width", width, "an even integer >= 2 for " + architecture);
            }
            if (width < 1) {
                throw invalid("width", width, "an integer >= 1");
            }
            if (seed < 0) {
                throw invalid("seed", seed, "an integer >= 0");
            }
            if (epochs < 1) {
                throw invalid("epochs", epochs, "an integer >= 1");
            }
            if (batchSize < 2) {
                throw invalid("batch size", batchSize, "an integer >= 2");
            }
            if (!(learningRate > 0f && Float.isFinite(learningRate))) {
                throw invalid("learning rate", learningRate, "a finite number above 0");
            }
            if (!(momentum >= 0f && momentum < 1f)) {
                throw invalid("momentum", momentum, "a number in [0, 1)");
            }
            if (!(weightDecay >= 0f && Float.isFinite(weightDecay))) {
                throw invalid("weight decay", weightDecay, "a finite number >= 0");
            }
            int warmup = warmupEpochs == null ? Math.min(1, epochs - 1) : warmupEpochs;
            if (warmup < 0 || warmup >= epochs) {
                throw invalid("warm-up epochs", warmup, "0 to epochs - 1 = " + (epochs - 1));
            }
            if (limit != 0 && limit < 2) {
                throw invalid("limit", limit, "0 (all images) or an integer >= 2");
            }
            if (logEvery < 1) {
                throw invalid("log interval", logEvery, "an integer >= 1");
            }
            TrainingSettings settings = new TrainingSettings(architecture, width, seed, epochs, batchSize,
                    learningRate, momentum, weightDecay, warmup, augmentation, splitSeed, limit);
            return new BackboneTrainer(settings, logEvery);
        }

        private static DiscardSearchException invalid(String setting, Object value, String allowed) {
            return new DiscardSearchException(ErrorCategory.BAD_CONFIG,
                    "Invalid value '" + value + "' for " + setting + "; allowed: " + allowed);
        }
    }
}
