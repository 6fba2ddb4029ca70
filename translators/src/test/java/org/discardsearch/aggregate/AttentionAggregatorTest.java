package org.discardsearch.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;

class AttentionAggregatorTest {

    private static final int CHANNELS = 6;

    @Test
    void freshModuleIsExactlyThePlainMean() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(CHANNELS).optSeed(3).build();
            module.initialize(manager);
            NDArray features = RandomArrays.gaussian(manager, new Random(1), new Shape(2, 4, CHANNELS, 2, 3));
            NDList out = module.attend(new ParameterStore(manager, false), features, displacements(manager, 2, 4),
                    false);
            assertEquals(new Shape(2, CHANNELS, 2, 3), out.get(0).getShape());
            assertArrayEquals(features.mean(new int[] {1}).toFloatArray(), out.get(0).toFloatArray(), 0f);
        }
    }

    @Test
    void freshModuleAsAggregatorEqualsMeanAggregator() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(CHANNELS).optSeed(3).build();
            module.initialize(manager);
            NDArray features = RandomArrays.gaussian(manager, new Random(2), new Shape(5, CHANNELS, 3, 3));
            NDArray logits = manager.zeros(new Shape(5, 10));
            List<Offset> offsets = offsets(5);
            NDArray expected = MeanAggregator.unaligned().aggregate(features, logits, offsets);
            // The mean aggregator sums P maps weighted 1/P; the module takes the mean: equal up to rounding.
            assertArrayEquals(expected.toFloatArray(), module.aggregate(features, logits, offsets).toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void freshImportanceIsUniformAndEachRowSumsToOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(CHANNELS).optSeed(4).build();
            module.initialize(manager);
            NDArray features = RandomArrays.gaussian(manager, new Random(3), new Shape(3, 5, CHANNELS, 2, 2));
            float[] importance = module.attend(new ParameterStore(manager, false), features,
                    displacements(manager, 3, 5), false).get(1).toFloatArray();
            assertEquals(15, importance.length);
            for (int n = 0; n < 3; n++) {
                double sum = 0;
                for (int p = 0; p < 5; p++) {
                    assertEquals(0.2, importance[n * 5 + p], 1e-3);
                    sum += importance[n * 5 + p];
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void trainedImportanceRowsStillSumToOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = randomised(manager, 5);
            NDArray features = RandomArrays.gaussian(manager, new Random(4), new Shape(4, CHANNELS, 2, 2));
            float[] importance = module.importance(features, offsets(4));
            assertEquals(1.0, importance[0] + importance[1] + importance[2] + importance[3], 1e-5);
            assertTrue(Math.abs(importance[0] - 0.25) > 1e-3, "random parameters should not give uniform weights");
        }
    }

    @Test
    void handSetCaseMatchesPlainJavaSteps() {
        float[] table = new float[AttentionAggregator.TABLE_SIZE * 2];
        for (int i = 0; i < AttentionAggregator.TABLE_SIZE; i++) {
            table[2 * i] = 0.1f * i;
            table[2 * i + 1] = -0.05f * i;
        }
        float[] a = {0.7f, -0.4f};
        float aBias = 0.2f;
        float[] c = {0.5f, 0.9f};
        float cBias = -0.1f;
        float[] g = {1.5f, -0.8f};
        float[][] f = {{1.0f, -2.0f}, {0.3f, 0.8f}};
        int[][] displacement = {{1, 3}, {40, -2}};
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(2).build();
            module.initialize(manager);
            set(module, "positionTable", table);
            set(module, "queryWeight", a);
            set(module, "queryBias", new float[] {aBias});
            set(module, "keyWeight", c);
            set(module, "keyBias", new float[] {cBias});
            set(module, "gate", g);
            NDArray features =
                    manager.create(new float[] {f[0][0], f[0][1], f[1][0], f[1][1]}, new Shape(1, 2, 2, 1, 1));
            NDArray pairs = manager.create(new int[] {1, 3, 40, -2}, new Shape(1, 2, 2));
            NDList out = module.attend(new ParameterStore(manager, false), features, pairs, false);

            double[][] x = new double[2][2];
            double[] q = new double[2];
            double[] k = new double[2];
            for (int p = 0; p < 2; p++) {
                int dx = Math.min(Math.max(displacement[p][0], 0), 31);
                int dy = Math.min(Math.max(displacement[p][1], 0), 31);
                x[p][0] = f[p][0] + table[2 * dx];
                x[p][1] = f[p][1] + table[2 * dy + 1];
                q[p] = a[0] * x[p][0] + a[1] * x[p][1] + aBias;
                k[p] = c[0] * x[p][0] + c[1] * x[p][1] + cBias;
            }
            double[][] w = new double[2][2];
            for (int p = 0; p < 2; p++) {
                double norm = Math.exp(q[p] * k[0]) + Math.exp(q[p] * k[1]);
                for (int r = 0; r < 2; r++) {
                    w[p][r] = Math.exp(q[p] * k[r]) / norm;
                }
            }
            double[] aggregated = new double[2];
            for (int p = 0; p < 2; p++) {
                for (int ch = 0; ch < 2; ch++) {
                    double mixed = w[p][0] * x[0][ch] + w[p][1] * x[1][ch];
                    aggregated[ch] += (f[p][ch] + g[ch] * mixed) / 2;
                }
            }
            double[] importance = {(w[0][0] + w[1][0]) / 2, (w[0][1] + w[1][1]) / 2};

            float[] actual = out.get(0).toFloatArray();
            float[] actualImportance = out.get(1).toFloatArray();
            for (int i = 0; i < 2; i++) {
                assertEquals(aggregated[i], actual[i], 1e-5, "aggregated channel " + i);
                assertEquals(importance[i], actualImportance[i], 1e-5, "importance " + i);
            }
            assertTrue(Math.abs(importance[0] - 0.5) > 0.05, "the case should not be near-uniform");
        }
    }

    @Test
    void batchedImagesMatchOneImageAtATime() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = randomised(manager, 6);
            NDArray features = RandomArrays.gaussian(manager, new Random(5), new Shape(2, 3, CHANNELS, 2, 2));
            List<Offset> first = List.of(Offset.ZERO, new Offset(3, 1), new Offset(7, 7));
            List<Offset> second = List.of(Offset.ZERO, new Offset(2, 6), new Offset(5, 0));
            NDArray pairs = manager.create(new int[] {0, 0, 3, 1, 7, 7, 0, 0, 2, 6, 5, 0}, new Shape(2, 3, 2));
            NDList batch = module.attend(new ParameterStore(manager, false), features, pairs, false);
            NDArray logits = manager.zeros(new Shape(3, 2));
            float[] one = module.aggregate(features.get(0), logits, first).toFloatArray();
            float[] two = module.aggregate(features.get(1), logits, second).toFloatArray();
            assertArrayEquals(one, batch.get(0).get(0).toFloatArray(), 1e-6f);
            assertArrayEquals(two, batch.get(0).get(1).toFloatArray(), 1e-6f);
            assertArrayEquals(module.importance(features.get(1), second), batch.get(1).get(1).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aggregateAllMatchesEachImageAlignedAloneAndLeavesOnlyTheResult() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = randomised(manager, 9, new Alignment(8));
            Random random = new Random(11);
            // Two images of 3 candidates (batched together), then one of 2 (a different count: one at a time).
            List<NDArray> features = List.of(
                    RandomArrays.gaussian(manager, random, new Shape(3, CHANNELS, 2, 2)),
                    RandomArrays.gaussian(manager, random, new Shape(3, CHANNELS, 2, 2)));
            List<List<Offset>> offsets = List.of(
                    List.of(Offset.ZERO, new Offset(3, 1), new Offset(7, 7)),
                    List.of(Offset.ZERO, new Offset(2, 6), new Offset(5, 0)));
            List<NDArray> logits = List.of(manager.zeros(new Shape(3, 4)), manager.zeros(new Shape(3, 4)));
            int before = manager.getManagedArrays().size();
            NDArray together = module.aggregateAll(features, logits, offsets);
            assertEquals(before + 1, manager.getManagedArrays().size(), "only the result stays");
            assertEquals(new Shape(2, CHANNELS, 2, 2), together.getShape());
            for (int i = 0; i < 2; i++) {
                float[] alone = module.aggregate(features.get(i), logits.get(i), offsets.get(i)).toFloatArray();
                assertArrayEquals(alone, together.get(i).toFloatArray(), 1e-6f, "image " + i);
            }
            NDArray third = RandomArrays.gaussian(manager, random, new Shape(2, CHANNELS, 2, 2));
            List<Offset> thirdOffsets = List.of(Offset.ZERO, new Offset(4, 4));
            NDArray mixed = module.aggregateAll(List.of(features.get(0), third),
                    List.of(logits.get(0), manager.zeros(new Shape(2, 4))), List.of(offsets.get(0), thirdOffsets));
            assertArrayEquals(module.aggregate(third, manager.zeros(new Shape(2, 4)), thirdOffsets).toFloatArray(),
                    mixed.get(1).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aggregationLeavesOnlyTheResultOnTheCallersOrTheParametersManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = randomised(manager, 8, new Alignment(8));
            NDArray features = RandomArrays.gaussian(manager, new Random(7), new Shape(4, CHANNELS, 2, 2));
            NDArray logits = manager.zeros(new Shape(4, 3));
            int before = manager.getManagedArrays().size();
            module.aggregate(features, logits, offsets(4));
            assertEquals(before + 1, manager.getManagedArrays().size());
            module.importance(features, offsets(4));
            assertEquals(before + 1, manager.getManagedArrays().size());
        }
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs() throws IOException, MalformedModelException {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator saved = randomised(manager, 7);
            NDArray features = RandomArrays.gaussian(manager, new Random(6), new Shape(2, 4, CHANNELS, 2, 2));
            NDArray pairs = displacements(manager, 2, 4);
            NDList before = saved.attend(new ParameterStore(manager, false), features, pairs, false);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));
            AttentionAggregator loaded = AttentionAggregator.builder().setFeatureDim(CHANNELS).optSeed(99).build();
            loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDList after = loaded.attend(new ParameterStore(manager, false), features, pairs, false);

            assertArrayEquals(before.get(0).toFloatArray(), after.get(0).toFloatArray(), 0f);
            assertArrayEquals(before.get(1).toFloatArray(), after.get(1).toFloatArray(), 0f);
            assertFalse(Arrays.equals(features.mean(new int[] {1}).toFloatArray(), after.get(0).toFloatArray()),
                    "random parameters should move the output away from the mean");
        }
    }

    @Test
    void loadRejectsParametersOfAnotherFeatureDim() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator saved = AttentionAggregator.builder().setFeatureDim(CHANNELS).build();
            saved.initialize(manager);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));
            AttentionAggregator other = AttentionAggregator.builder().setFeatureDim(CHANNELS + 2).build();
            MalformedModelException error = assertThrows(MalformedModelException.class, () -> other.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            assertTrue(error.getMessage().contains("'" + CHANNELS + "'"), error.getMessage());
        }
    }

    @Test
    void seedFixesTheKeyInitialisationWithXavierScale() {
        int channels = 512;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] first = keyWeight(manager, channels, 11);
            assertArrayEquals(first, keyWeight(manager, channels, 11), 0f);
            assertFalse(Arrays.equals(first, keyWeight(manager, channels, 12)));
            double squares = 0;
            for (float value : first) {
                squares += value * value;
            }
            double expected = 0.01 * Math.sqrt(2.0 / (channels + 1));
            assertEquals(expected, Math.sqrt(squares / channels), 0.1 * expected);
        }
    }

    @Test
    void hasAboutThirtyFiveTimesFeatureDimParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(512).build();
            module.initialize(manager);
            long total = 0;
            for (Parameter parameter : module.getParameters().values()) {
                total += parameter.getArray().size();
            }
            assertEquals(35 * 512 + 2, total);
        }
    }

    @Test
    void rejectsOddFeatureDim() {
        DiscardSearchException error = assertThrows(DiscardSearchException.class,
                () -> AttentionAggregator.builder().setFeatureDim(5).build());
        assertEquals(ErrorCategory.BAD_CONFIG, error.category());
        assertTrue(error.getMessage().contains("featureDim = '5'"), error.getMessage());
    }

    @Test
    void rejectsMapsWithAnotherChannelCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(CHANNELS).build();
            module.initialize(manager);
            NDArray features = manager.ones(new Shape(1, 2, CHANNELS + 2, 1, 1));
            assertThrows(DiscardSearchException.class, () -> module.attend(new ParameterStore(manager, false),
                    features, displacements(manager, 1, 2), false));
        }
    }

    private static float[] keyWeight(NDManager manager, int channels, int seed) {
        AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(channels).optSeed(seed).build();
        module.initialize(manager);
        return module.getParameters().get("keyWeight").getArray().toFloatArray();
    }

    /** A module whose every parameter holds seeded random values, so that nothing cancels out. */
    private static AttentionAggregator randomised(NDManager manager, int seed) {
        return randomised(manager, seed, null);
    }

    private static AttentionAggregator randomised(NDManager manager, int seed, Alignment alignment) {
        AttentionAggregator module = AttentionAggregator.builder()
                .setFeatureDim(CHANNELS)
                .optSeed(seed)
                .optAlignment(alignment)
                .build();
        module.initialize(manager);
        Random random = new Random(seed);
        for (Parameter parameter : module.getParameters().values()) {
            float[] values = RandomArrays.gaussian(random, Math.toIntExact(parameter.getArray().size()));
            for (int i = 0; i < values.length; i++) {
                values[i] *= 0.5f;
            }
            parameter.getArray().set(values);
        }
        return module;
    }

    private static void set(AttentionAggregator module, String name, float[] values) {
        module.getParameters().get(name).getArray().set(values);
    }

    private static NDArray displacements(NDManager manager, int images, int candidates) {
        int[] pairs = new int[images * candidates * 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = (5 * i + 3) % 8;
        }
        return manager.create(pairs, new Shape(images, candidates, 2));
    }

    private static List<Offset> offsets(int count) {
        List<Offset> offsets = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            offsets.add(new Offset((3 * p) % 8, (5 * p + 1) % 8));
        }
        return offsets;
    }
}
