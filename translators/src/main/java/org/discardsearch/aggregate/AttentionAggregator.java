package org.discardsearch.aggregate;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.layer.BlockFormat;

/**
 * The learned aggregator: one-head attention over the candidates at every spatial location, exactly as in
 * {@code docs/algorithm.md} §5.4.
 *
 * <p>At each location (n, h, w): x_p = F_p + pe(dx_p, dy_p) with pe = concat(E[dx, 0], E[dy, 1]);
 * scalars q_p = a·x_p + b_a and k_p = c·x_p + b_c; W_{pp'} = softmax over p' of q_p·k_{p'} (no 1/√d
 * scaling); out_p = F_p + g ⊙ Σ_{p'} W_{pp'} x_{p'} (the residual has no pe); the aggregate is the mean of
 * out_p over p, and the importance of candidate p' is the mean over p, h and w of W_{pp'}, so each image's
 * importances sum to 1. In training, dropout ({@link Builder#optDropout}, 0.1 by default) is applied to W
 * and to the gated term. Displacements are clamped to [0, {@value #TABLE_SIZE}) for the table lookup.
 *
 * <p>Parameters, in the order of the {@code .params} file: {@code positionTable} E (32×2×C/2, zeros),
 * {@code queryWeight} a (C, zeros), {@code queryBias} b_a (1, zero), {@code keyWeight} c (C,
 * Xavier-normal with gain 0.01), {@code keyBias} b_c (1, N(0, 0.01²)), {@code gate} g (C, zeros); 35·C + 2
 * values. The key map is PyTorch's {@code Linear(C, 1)}, so Xavier uses fan-in C and fan-out 1:
 * std = 0.01·√(2 / (C + 1)). Because the gate starts at 0, a fresh module is exactly the plain mean, and
 * because the query starts at 0 its attention is uniform. The two random initialisations draw from
 * {@link java.util.Random} seeded from {@link Builder#optSeed}, so they do not depend on the engine's
 * global random state.
 *
 * <p>The parameters require gradients only while {@link AttentionTrainer#fit} runs. PyTorch takes a different
 * matrix-product path for tensors that require gradients, which changes results in the last bit; keeping
 * them off makes a freshly trained module and the same module loaded from its file compute identical
 * outputs.
 *
 * <p>As an {@link Aggregator} it aligns the maps first when built with {@link Builder#optAlignment}; the
 * search's importance ({@link #importance}) uses the maps as they are (§5.4). Inference is safe for
 * concurrent use; training is not.
 */
public final class AttentionAggregator extends AbstractBlock implements Aggregator {

    /** Number of rows of the positional table per axis; larger displacements are clamped. */
    public static final int TABLE_SIZE = 32;

    private static final byte VERSION = 1;

    private final int featureDim;
    private final float dropout;
    private final Alignment alignment;

    private final Parameter positionTable;
    private final Parameter queryWeight;
    private final Parameter queryBias;
    private final Parameter keyWeight;
    private final Parameter keyBias;
    private final Parameter gate;

    private AttentionAggregator(Builder builder) {
        super(VERSION);
        featureDim = builder.featureDim;
        dropout = builder.dropout;
        alignment = builder.alignment;
        Random random = new Random(builder.seed);
        double keyStd = 0.01 * Math.sqrt(2.0 / (featureDim + 1));
        positionTable = addParameter(parameter(
                "positionTable", Parameter.Type.WEIGHT, new Shape(TABLE_SIZE, 2, featureDim / 2), Initializer.ZEROS));
        queryWeight = addParameter(parameter("queryWeight", Parameter.Type.WEIGHT, new Shape(featureDim),
                Initializer.ZEROS));
        queryBias = addParameter(parameter("queryBias", Parameter.Type.BIAS, new Shape(1), Initializer.ZEROS));
        keyWeight = addParameter(parameter("keyWeight", Parameter.Type.WEIGHT, new Shape(featureDim),
                new SeededNormalInitializer(keyStd, random.nextLong())));
        keyBias = addParameter(parameter("keyBias", Parameter.Type.BIAS, new Shape(1),
                new SeededNormalInitializer(0.01, random.nextLong())));
        gate = addParameter(parameter("gate", Parameter.Type.WEIGHT, new Shape(featureDim), Initializer.ZEROS));
    }

    private static Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer initializer) {
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(shape)
                .optInitializer(initializer)
                .optRequiresGrad(false)
                .build();
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
     * Returns C, the number of channels of the maps this module takes.
     *
     * @return the feature dimension
     */
    public int getFeatureDim() {
        return featureDim;
    }

    /**
     * Returns the dropout rate applied in training.
     *
     * @return the rate in [0, 1)
     */
    public float getDropout() {
        return dropout;
    }

    /**
     * Returns the alignment applied by {@link #aggregate}, if any.
     *
     * @return the alignment, or empty when the maps are used as they are
     */
    public Optional<Alignment> getAlignment() {
        return Optional.ofNullable(alignment);
    }

    /**
     * Initialises the parameters from the builder's seed; the same seed gives the same values.
     *
     * @param manager the manager that will own the parameters
     */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, featureDim, 1, 1), new Shape(1, 1, 2));
    }

    /** {@inheritDoc} */
    @Override
    public AggregationKind kind() {
        return AggregationKind.ATTENTION;
    }

    /**
     * Aggregates the candidates of one image, aligned first if this module was built with an alignment.
     *
     * @param features the candidates' maps, shape (P, C, H, W)
     * @param logits the candidates' logits, shape (P, K); only checked
     * @param offsets one displacement per candidate
     * @return the aggregated map, shape (C, H, W), owned by the manager of {@code features}
     * @throws DiscardSearchException (INTERNAL) if the shapes disagree or the module is not initialised
     */
    @Override
    public NDArray aggregate(NDArray features, NDArray logits, List<Offset> offsets) {
        CandidateChecks.classCount(logits, CandidateChecks.candidateCount(features));
        NDManager parent = features.getManager();
        try (NDManager scope = parent.newSubManager()) {
            features.tempAttach(scope);
            NDArray aggregated = forwardAll(scope, features, offsets, 1, alignment).get(0).squeeze(0);
            aggregated.attach(parent);
            return aggregated;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Images with the same candidate count (the usual case: one budget for a batch) are aligned and attended
     * as one batch: the module's ops run once, not once per image.
     */
    @Override
    public NDArray aggregateAll(List<NDArray> features, List<NDArray> logits, List<List<Offset>> offsets) {
        if (!ImageBatch.isBatch(features, logits, offsets)) {
            return Aggregator.super.aggregateAll(features, logits, offsets);
        }
        return ImageBatch.apply(features, offsets, (all, allOffsets) ->
                forwardAll(all.getManager(), all, allOffsets, features.size(), alignment).get(0));
    }

    /**
     * Computes the importance of each candidate for the search's {@code max_learn} criterion, from the
     * maps as they are (no alignment, §5.4).
     *
     * @param features the candidates' unaligned maps, shape (P, C, H, W)
     * @param offsets one displacement per candidate
     * @return the received attention of each candidate, summing to 1, as Java values
     * @throws DiscardSearchException (INTERNAL) if the shapes disagree or the module is not initialised
     */
    public float[] importance(NDArray features, List<Offset> offsets) {
        try (NDManager scope = features.getManager().newSubManager()) {
            features.tempAttach(scope);
            return forwardAll(scope, features, offsets, 1, null).get(1).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /**
     * Runs the module on a batch of images with equal candidate counts.
     *
     * @param parameterStore where the parameters are read from
     * @param features the candidates' maps, shape (N, P, C, H, W)
     * @param displacements the candidates' displacements (dx, dy), integer type, shape (N, P, 2)
     * @param training whether to apply dropout
     * @return the aggregated maps (N, C, H, W) at index 0 and the importance (N, P) at index 1, owned by the
     *     manager of {@code features} like every intermediate array
     * @throws DiscardSearchException (INTERNAL) if the shapes are wrong
     */
    public NDList attend(ParameterStore parameterStore, NDArray features, NDArray displacements, boolean training) {
        return forward(parameterStore, new NDList(features, displacements), training);
    }

    /**
     * Runs N images of P candidates each, given as (N·P, C, H, W) image-major, in inference mode, aligned by
     * {@code align} unless it is null; outputs stay on scope.
     */
    private NDList forwardAll(NDManager scope, NDArray features, List<Offset> offsets, int images, Alignment align) {
        int total = CandidateChecks.candidateCount(features);
        CandidateChecks.checkOffsets(offsets, total);
        int count = total / images;
        if (!isInitialized()) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL,
                    "Attention aggregator used before initialisation; call initialize or loadParameters first");
        }
        int[] pairs = new int[2 * total];
        for (int p = 0; p < total; p++) {
            pairs[2 * p] = offsets.get(p).dx();
            pairs[2 * p + 1] = offsets.get(p).dy();
        }
        NDArray maps = align == null ? features : align.align(features, offsets);
        Shape shape = maps.getShape();
        NDArray batch = maps.reshape(images, count, shape.get(1), shape.get(2), shape.get(3));
        NDArray displacements = scope.create(pairs, new Shape(images, count, 2));
        return forward(new ParameterStore(scope, false), new NDList(batch, displacements), false);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray features = inputs.get(0);
        NDArray displacements = inputs.get(1);
        Shape shape = features.getShape();
        checkInputShapes(shape, displacements.getShape());
        long n = shape.get(0);
        long count = shape.get(1);
        Device device = features.getDevice();
        NDArray table = parameterStore.getValue(positionTable, device, training);
        NDArray a = parameterStore.getValue(queryWeight, device, training);
        NDArray aBias = parameterStore.getValue(queryBias, device, training);
        NDArray c = parameterStore.getValue(keyWeight, device, training);
        NDArray cBias = parameterStore.getValue(keyBias, device, training);
        NDArray g = parameterStore.getValue(gate, device, training);

        // An op's result goes to its receiver's manager: a transpose of the parameter itself would land on the
        // model's manager (shared by every predictor), so the table is first added onto a scalar of the input's.
        NDArray localTable = features.getManager().zeros(new Shape(1), table.getDataType()).add(table);
        NDArray tableByAxis = localTable.transpose(1, 0, 2); // (2, 32, C/2)
        // 1. x_p = F_p + pe: one-hot rows (N,P,2,1,32) times the table per axis, so E gets gradients.
        NDArray rows = displacements.toType(DataType.INT64, false).clip(0, TABLE_SIZE - 1)
                .oneHot(TABLE_SIZE, features.getDataType()).expandDims(3);
        NDArray pe = rows.matMul(tableByAxis).reshape(n, count, featureDim, 1, 1);
        NDArray x = features.add(pe);
        NDArray xt = x.transpose(0, 3, 4, 1, 2); // (N, H, W, P, C)
        // 2. one scalar query and key per candidate and location.
        NDArray q = xt.matMul(a).add(aBias); // (N, H, W, P)
        NDArray k = xt.matMul(c).add(cBias);
        // 3. W_{pp'} = softmax_{p'}(q_p k_{p'}), no scaling.
        NDArray weights = q.expandDims(4).mul(k.expandDims(3)).softmax(4); // (N, H, W, P, P')
        // 6. received attention, averaged over h, w and p, before any dropout (the engine reduces one axis
        // at a time).
        NDArray importance = weights.reshape(n, -1, count).mean(new int[] {1}); // (N, P')
        // 4. the gated term; the residual F_p carries no pe.
        NDArray mixed = dropout(weights, training).matMul(xt); // (N, H, W, P, C)
        NDArray gated = dropout(mixed.mul(g), training);
        // 5. mean over p of out_p = mean_p F_p + mean_p gated_p.
        NDArray aggregated = features.mean(new int[] {1}).add(gated.mean(new int[] {3}).transpose(0, 3, 1, 2));
        return new NDList(aggregated, importance);
    }

    private NDArray dropout(NDArray array, boolean training) {
        if (!training || dropout == 0f) {
            return array;
        }
        return Dropout.dropout(array, dropout, true).singletonOrThrow();
    }

    private void checkInputShapes(Shape features, Shape displacements) {
        if (features.dimension() != 5 || features.get(2) != featureDim || features.get(1) < 1) {
            throw CandidateChecks.fail("attention input maps", features,
                    "(N, P, " + featureDim + ", H, W) with P >= 1");
        }
        if (displacements.dimension() != 3 || displacements.get(0) != features.get(0)
                || displacements.get(1) != features.get(1) || displacements.get(2) != 2) {
            throw CandidateChecks.fail("attention displacements", displacements,
                    "(" + features.get(0) + ", " + features.get(1) + ", 2)");
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape features = inputShapes[0];
        return new Shape[] {
            new Shape(features.get(0), features.get(2), features.get(3), features.get(4)),
            new Shape(features.get(0), features.get(1))
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(featureDim);
    }

    /** {@inheritDoc} */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(AttentionAggregator.class, loadVersion, VERSION);
        readInputShapes(is);
        int saved = is.readInt();
        if (saved != featureDim) {
            throw new MalformedModelException("AttentionAggregator parameters do not fit: feature dim = '" + saved
                    + "'; this module expects " + featureDim);
        }
    }

    /** Normal values from a seeded {@link Random}, independent of the engine's random state. */
    private static final class SeededNormalInitializer implements Initializer {

        private final double std;
        private final long seed;

        SeededNormalInitializer(double std, long seed) {
            this.std = std;
            this.seed = seed;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            Random random = new Random(seed);
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
            NDArray array = manager.create(values, shape);
            return dataType == DataType.FLOAT32 ? array : array.toType(dataType, false);
        }
    }

    /** Builds an {@link AttentionAggregator}; the feature dimension is required. */
    public static final class Builder {

        private int featureDim;
        private int seed;
        private float dropout = 0.1f;
        private Alignment alignment;

        Builder() {}

        /**
         * Sets C, the channel count of the maps; required, even and at least 2.
         *
         * @param featureDim the feature dimension
         * @return this builder
         */
        public Builder setFeatureDim(int featureDim) {
            this.featureDim = featureDim;
            return this;
        }

        /**
         * Sets the seed of the random initial values (key weight and key bias); 0 by default.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the dropout rate applied in training to W and to the gated term; 0.1 by default.
         *
         * @param dropout the rate in [0, 1)
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets the alignment that {@link AttentionAggregator#aggregate} applies first; none by default.
         *
         * @param alignment the alignment, or {@code null} for none
         * @return this builder
         */
        public Builder optAlignment(Alignment alignment) {
            this.alignment = alignment;
            return this;
        }

        /**
         * Validates the settings and builds the module, not yet initialised.
         *
         * @return the module
         * @throws DiscardSearchException (BAD_CONFIG) naming the setting that is out of range
         */
        public AttentionAggregator build() {
            if (featureDim < 2 || featureDim % 2 != 0) {
                throw new DiscardSearchException(ErrorCategory.BAD_CONFIG,
                        "Invalid attention setting: featureDim = '" + featureDim + "'; expected an even number >= 2");
            }
            if (!(dropout >= 0f && dropout < 1f)) {
                throw new DiscardSearchException(ErrorCategory.BAD_CONFIG,
                        "Invalid attention setting: dropout = '" + dropout + "'; expected a value in [0, 1)");
            }
            return new AttentionAggregator(this);
        }
    }
}
