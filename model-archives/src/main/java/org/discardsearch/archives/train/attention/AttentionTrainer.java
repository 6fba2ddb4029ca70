package org.discardsearch.archives.train.attention;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.aggregate.CandidateChecks;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the parameters of an {@link AttentionAggregator} on precomputed candidate sets, with the backbone
 * and the head frozen ({@code docs/algorithm.md} §5.4, "Training").
 *
 * <p>Each step aggregates a batch with the module in training mode (dropout on), applies the head and takes
 * the softmax cross-entropy against the labels. Only the module's parameters are updated, by DJL's
 * {@link ai.djl.training.optimizer.AdamW} (decoupled weight decay, betas 0.9 / 0.999, eps 1e-8) with the
 * learning rate annealed along a cosine from its base value towards 0 over all steps, without warm-up:
 * step t (from 1) uses lr·(1 + cos(π(t − 1)/T)) / 2 for T steps in all. Unlike PyTorch, DJL's AdamW adds
 * eps to √v before the bias correction rather than after; the two differ only for gradients near eps. The head receives the aggregated
 * maps and must not be trained: give a function whose parameters are frozen (no gradient is read from it).
 *
 * <p>After every epoch the module is evaluated on the caller's held-out set; at the end the parameters of
 * the epoch with the highest held-out accuracy (the earliest on ties) are restored. Runs are deterministic
 * for a given seed: the epoch order comes from a {@link Random} with that seed, and the dropout masks from
 * the engine's random generator, which {@link #fit} reseeds with {@link Engine#setRandomSeed}, a global
 * setting. The module's parameters require gradients only during {@link #fit}. Not thread-safe; the PyTorch
 * engine allows one gradient collector at a time.
 */
public final class AttentionTrainer {

    private static final Logger logger = LoggerFactory.getLogger(AttentionTrainer.class);

    private final AttentionAggregator module;
    private final UnaryOperator<NDArray> head;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final float weightDecay;
    private final int seed;

    private AttentionTrainer(Builder builder) {
        module = builder.module;
        head = builder.head;
        epochs = builder.epochs;
        batchSize = builder.batchSize;
        learningRate = builder.learningRate;
        weightDecay = builder.weightDecay;
        seed = builder.seed;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains the module for the configured epochs and leaves it with the parameters of its best epoch.
     *
     * @param train the training candidate sets
     * @param heldOut the candidate sets that choose the best epoch
     * @return one row per epoch and the epoch kept
     * @throws DiscardSearchException (INTERNAL) if a dataset does not fit the module or the head
     */
    public FitReport fit(CandidateDataset train, CandidateDataset heldOut) {
        Engine engine = train.features().getManager().getEngine();
        engine.setRandomSeed(seed);
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        int totalSteps = epochs * stepsPerEpoch;
        ParameterTracker cosine = (parameterId, step) ->
                (float) (learningRate * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / totalSteps)));
        Optimizer optimizer = Optimizer.adamW()
                .optLearningRateTracker(cosine)
                .optWeightDecays(weightDecay)
                .optBeta1(0.9f)
                .optBeta2(0.999f)
                .optEpsilon(1e-8f)
                .build();
        List<Parameter> parameters = module.getParameters().values();
        for (Parameter parameter : parameters) {
            parameter.getArray().setRequiresGradient(true);
        }
        try {
            return train(train, heldOut, optimizer, parameters);
        } finally {
            for (Parameter parameter : parameters) {
                parameter.getArray().setRequiresGradient(false);
            }
        }
    }

    /** The epoch loop of {@link #fit}, with the parameters requiring gradients. */
    private FitReport train(
            CandidateDataset train, CandidateDataset heldOut, Optimizer optimizer, List<Parameter> parameters) {
        logger.info("Training attention aggregator: {} images, {} held out, {} epochs, batch {}, lr {}, "
                + "weight decay {}, seed {}", train.size(), heldOut.size(), epochs, batchSize, learningRate,
                weightDecay, seed);
        Random order = new Random(seed);
        List<EpochStats> stats = new ArrayList<>();
        List<float[]> best = null;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] permutation = permutation(train.size(), order);
            long start = System.nanoTime();
            double lossSum = 0;
            for (int from = 0; from < permutation.length; from += batchSize) {
                int[] batch = Arrays.copyOfRange(permutation, from,
                        Math.min(from + batchSize, permutation.length));
                lossSum += step(train, batch, optimizer, parameters) * batch.length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation evaluation = evaluate(heldOut);
            EpochStats row = new EpochStats(epoch, lossSum / train.size(), evaluation, train.size() / seconds);
            stats.add(row);
            logger.info("Attention epoch {}/{}: train loss {}, held-out loss {}, held-out accuracy {}, {} images/s",
                    epoch, epochs, String.format("%.4f", row.trainLoss()), String.format("%.4f", evaluation.loss()),
                    String.format("%.4f", evaluation.accuracy()), String.format("%.0f", row.imagesPerSecond()));
            if (best == null || evaluation.accuracy() > stats.get(bestEpoch - 1).heldOut().accuracy()) {
                best = snapshot(parameters);
                bestEpoch = epoch;
            }
        }
        restore(parameters, best);
        logger.info("Attention training kept epoch {} (held-out accuracy {})", bestEpoch,
                String.format("%.4f", stats.get(bestEpoch - 1).heldOut().accuracy()));
        return new FitReport(stats, bestEpoch);
    }

    /**
     * Evaluates the module, in inference mode, followed by the head.
     *
     * @param data the candidate sets to evaluate
     * @return the mean loss and the top-1 accuracy
     * @throws DiscardSearchException (INTERNAL) if the dataset does not fit the module or the head
     */
    public Evaluation evaluate(CandidateDataset data) {
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(from + batchSize, data.size());
            int[] batch = new int[to - from];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = from + i;
            }
            NDArray features = data.features();
            try (NDManager scope = features.getManager().newSubManager()) {
                NDArray labels = attachBatch(scope, data, batch);
                NDArray logits = logits(scope, data, batch, false);
                lossSum += crossEntropy(logits, labels).sum().getFloat();
                long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < batch.length; i++) {
                    if (predicted[i] == data.label(batch[i])) {
                        correct++;
                    }
                }
            }
        }
        return new Evaluation(lossSum / data.size(), (double) correct / data.size(), data.size());
    }

    /** One optimiser step on one batch; returns the batch's mean loss. */
    private float step(CandidateDataset data, int[] batch, Optimizer optimizer, List<Parameter> parameters) {
        NDArray features = data.features();
        try (NDManager scope = features.getManager().newSubManager()) {
            NDArray labels = attachBatch(scope, data, batch);
            float loss;
            try (GradientCollector collector = features.getManager().getEngine().newGradientCollector()) {
                NDArray mean = crossEntropy(logits(scope, data, batch, true), labels).mean();
                collector.backward(mean);
                loss = mean.getFloat();
            }
            for (Parameter parameter : parameters) {
                NDArray weight = parameter.getArray();
                // getGradient() makes a new handle on the parameter's manager; freeing it with the batch
                // keeps that manager from growing by one handle per step.
                NDArray gradient = weight.getGradient();
                gradient.attach(scope);
                optimizer.update(parameter.getId(), weight, gradient);
            }
            return loss;
        }
    }

    /** Attaches the dataset's arrays to {@code scope} for this batch and returns the batch's labels. */
    private static NDArray attachBatch(NDManager scope, CandidateDataset data, int[] batch) {
        data.features().tempAttach(scope);
        data.displacements().tempAttach(scope);
        long[] labels = new long[batch.length];
        for (int i = 0; i < batch.length; i++) {
            labels[i] = data.label(batch[i]);
        }
        return scope.create(labels);
    }

    /** Head logits (N, K) of the aggregated batch, on {@code scope}. */
    private NDArray logits(NDManager scope, CandidateDataset data, int[] batch, boolean training) {
        long[] rows = new long[batch.length];
        for (int i = 0; i < batch.length; i++) {
            rows[i] = batch[i];
        }
        NDArray index = scope.create(rows);
        NDList out = module.attend(new ParameterStore(scope, false), data.features().get(index),
                data.displacements().get(index), training);
        NDArray logits = head.apply(out.get(0));
        if (logits.getShape().dimension() != 2 || logits.getShape().get(0) != batch.length) {
            throw CandidateChecks.fail("head logits", logits.getShape(), "(" + batch.length + ", K)");
        }
        return logits;
    }

    /** Per-image softmax cross-entropy, computed with log-softmax. */
    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        if (labels.max().getLong() >= classes) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Training label out of range: label = '"
                    + labels.max().getLong() + "'; the head gives " + classes + " classes");
        }
        NDArray picked = labels.oneHot(classes, logits.getDataType());
        return logits.logSoftmax(1).mul(picked).sum(new int[] {1}).neg();
    }

    private static int[] permutation(int size, Random random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static List<float[]> snapshot(List<Parameter> parameters) {
        List<float[]> values = new ArrayList<>();
        for (Parameter parameter : parameters) {
            values.add(parameter.getArray().toFloatArray());
        }
        return values;
    }

    private static void restore(List<Parameter> parameters, List<float[]> values) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().set(values.get(i));
        }
    }

    /** Builds an {@link AttentionTrainer}; the module and the head are required. */
    public static final class Builder {

        private AttentionAggregator module;
        private UnaryOperator<NDArray> head;
        private int epochs = 5;
        private int batchSize = 32;
        private float learningRate = 1e-6f;
        private float weightDecay = 0.01f;
        private int seed = 42;

        Builder() {}

        /**
         * Sets the module to train; required, and initialised (its parameters are updated in place).
         *
         * @param module the attention aggregator
         * @return this builder
         */
        public Builder setModule(AttentionAggregator module) {
            this.module = module;
            return this;
        }

        /**
         * Sets the frozen head; required. It maps aggregated maps (N, C, H, W) to logits (N, K) on the
         * manager of its input, and its own parameters must not require gradients.
         *
         * @param head the model's head
         * @return this builder
         */
        public Builder setHead(UnaryOperator<NDArray> head) {
            this.head = head;
            return this;
        }

        /**
         * Sets the number of epochs; 5 by default (§5.4).
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the batch size; 32 by default (§5.4). The last batch of an epoch may be smaller.
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the base learning rate of the cosine schedule; 1e-6 by default (§5.4).
         *
         * @param learningRate greater than 0
         * @return this builder
         */
        public Builder optLearningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets AdamW's decoupled weight decay; 0.01 by default (PyTorch's default).
         *
         * @param weightDecay at least 0
         * @return this builder
         */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the seed of the epoch order and of the dropout masks; 42 by default.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates the settings and builds the trainer.
         *
         * @return the trainer
         * @throws DiscardSearchException (BAD_CONFIG) naming the setting that is missing or out of range
         */
        public AttentionTrainer build() {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(head, "head");
            if (!module.isInitialized()) {
                throw invalid("module", "not initialised", "an initialised AttentionAggregator");
            }
            if (epochs < 1) {
                throw invalid("epochs", epochs, ">= 1");
            }
            if (batchSize < 1) {
                throw invalid("batchSize", batchSize, ">= 1");
            }
            if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
                throw invalid("learningRate", learningRate, "a finite value > 0");
            }
            if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
                throw invalid("weightDecay", weightDecay, "a finite value >= 0");
            }
            return new AttentionTrainer(this);
        }

        private static DiscardSearchException invalid(String setting, Object value, String expected) {
            return new DiscardSearchException(ErrorCategory.BAD_CONFIG,
                    "Invalid attention training setting: " + setting + " = '" + value + "'; expected " + expected);
        }
    }
}
