package org.discardsearch.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.error.DiscardSearchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests of {@link MeanAggregator}, {@link EntropyAggregator} and {@link AggregationKind}. */
class WeightedAggregatorTest {

    private static final int CANDIDATES = 5;
    private static final int CHANNELS = 6;
    private static final int CLASSES = 4;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void meanOfOneCandidateReturnsItUnchanged(boolean align) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = RandomArrays.gaussian(manager, new Random(1), new Shape(1, CHANNELS, 3, 3));
            NDArray logits = manager.zeros(new Shape(1, CLASSES));
            MeanAggregator mean = align ? MeanAggregator.aligned(new Alignment(8)) : MeanAggregator.unaligned();
            NDArray result = mean.aggregate(features, logits, List.of(Offset.ZERO));
            assertEquals(new Shape(CHANNELS, 3, 3), result.getShape());
            assertArrayEquals(features.toFloatArray(), result.toFloatArray(), 0f);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aggregateAllMatchesEachImageAlone(boolean align) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(4);
            Alignment alignment = new Alignment(8);
            List<Aggregator> aggregators = align
                    ? List.of(MeanAggregator.aligned(alignment), EntropyAggregator.aligned(alignment))
                    : List.of(MeanAggregator.unaligned(), EntropyAggregator.unaligned());
            List<NDArray> features = new ArrayList<>();
            List<NDArray> logits = new ArrayList<>();
            List<List<Offset>> offsets = new ArrayList<>();
            for (int image = 0; image < 3; image++) {
                features.add(RandomArrays.gaussian(manager, random, new Shape(CANDIDATES, CHANNELS, 3, 3)));
                logits.add(RandomArrays.gaussian(manager, random, new Shape(CANDIDATES, CLASSES)).mul(3));
                offsets.add(offsets());
            }
            for (Aggregator aggregator : aggregators) {
                NDArray together = aggregator.aggregateAll(features, logits, offsets);
                assertEquals(new Shape(3, CHANNELS, 3, 3), together.getShape());
                for (int image = 0; image < 3; image++) {
                    NDArray alone = aggregator.aggregate(features.get(image), logits.get(image), offsets.get(image));
                    assertArrayEquals(alone.toFloatArray(), together.get(image).toFloatArray(), 1e-5f,
                            aggregator.kind() + " image " + image);
                }
                // A different candidate count falls back to one image at a time.
                NDArray two = features.get(0).get("0:2");
                NDArray mixed = aggregator.aggregateAll(List.of(features.get(1), two),
                        List.of(logits.get(1), logits.get(0).get("0:2")),
                        List.of(offsets.get(1), offsets.get(0).subList(0, 2)));
                assertArrayEquals(aggregator.aggregate(two, logits.get(0).get("0:2"), offsets.get(0).subList(0, 2))
                        .toFloatArray(), mixed.get(1).toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void meanAveragesTheAlignedMaps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = RandomArrays.gaussian(manager, new Random(2), new Shape(CANDIDATES, CHANNELS, 3, 3));
            List<Offset> offsets = offsets();
            Alignment alignment = new Alignment(8);
            NDArray expected = alignment.align(features, offsets).mean(new int[] {0});
            NDArray actual = MeanAggregator.aligned(alignment)
                    .aggregate(features, manager.zeros(new Shape(CANDIDATES, CLASSES)), offsets);
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void unalignedEntropyThroughGapLinearHeadIsTheWeightedAverageOfLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(3);
            GapLinearHead head = new GapLinearHead(manager, RandomArrays.gaussian(random, CLASSES * CHANNELS),
                    RandomArrays.gaussian(random, CLASSES));
            NDArray features = RandomArrays.gaussian(manager, random, new Shape(CANDIDATES, CHANNELS, 3, 3)).mul(2);
            NDArray logits = head.apply(features);
            float[] z = logits.toFloatArray();
            double[] expected = new double[CLASSES];
            double weightSum = 0;
            for (int p = 0; p < CANDIDATES; p++) {
                double weight = 1 - entropy(z, p) / Math.log(CLASSES);
                weightSum += weight;
                for (int k = 0; k < CLASSES; k++) {
                    expected[k] += weight * z[p * CLASSES + k];
                }
            }
            NDArray aggregated = EntropyAggregator.unaligned().aggregate(features, logits, offsets());
            float[] actual = head.apply(aggregated.expandDims(0)).toFloatArray();
            for (int k = 0; k < CLASSES; k++) {
                assertEquals(expected[k] / weightSum, actual[k], 1e-5, "class " + k);
            }
        }
    }

    @Test
    void alignedEntropyWeightsTheAlignedMapsByTheUnalignedLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(4);
            NDArray features = RandomArrays.gaussian(manager, random, new Shape(CANDIDATES, CHANNELS, 3, 3));
            NDArray logits = RandomArrays.gaussian(manager, random, new Shape(CANDIDATES, CLASSES)).mul(3);
            List<Offset> offsets = offsets();
            Alignment alignment = new Alignment(8);
            NDArray weights = manager.create(EntropyAggregator.confidences(logits), new Shape(CANDIDATES, 1, 1, 1));
            NDArray expected = alignment.align(features, offsets).mul(weights).sum(new int[] {0}).div(weights.sum());
            NDArray actual = EntropyAggregator.aligned(alignment).aggregate(features, logits, offsets);
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void entropyFallsBackToTheMeanWhenEveryPredictionIsUniform() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = RandomArrays.gaussian(manager, new Random(5), new Shape(CANDIDATES, CHANNELS, 2, 2));
            NDArray logits = manager.full(new Shape(CANDIDATES, CLASSES), 0.3f);
            NDArray actual = EntropyAggregator.unaligned().aggregate(features, logits, offsets());
            assertArrayEquals(features.mean(new int[] {0}).toFloatArray(), actual.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void confidencesStayFiniteForExtremeLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1e4f, 0, 0, -1e4f, 0, 0, 0, 0}, new Shape(2, 4));
            float[] confidences = EntropyAggregator.confidences(logits);
            assertEquals(1f, confidences[0], 1e-6f);
            assertEquals(0f, confidences[1], 1e-6f);
        }
    }

    @Test
    void aggregationLeavesOnlyTheResultOnTheCallersManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.ones(new Shape(CANDIDATES, CHANNELS, 2, 2));
            NDArray logits = RandomArrays.gaussian(manager, new Random(6), new Shape(CANDIDATES, CLASSES));
            int before = manager.getManagedArrays().size();
            EntropyAggregator.aligned(new Alignment(8)).aggregate(features, logits, offsets());
            assertEquals(before + 1, manager.getManagedArrays().size());
        }
    }

    @Test
    void rejectsLogitsOfAnotherCandidateCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.ones(new Shape(CANDIDATES, CHANNELS, 2, 2));
            NDArray logits = manager.ones(new Shape(CANDIDATES - 1, CLASSES));
            DiscardSearchException error = assertThrows(DiscardSearchException.class,
                    () -> MeanAggregator.unaligned().aggregate(features, logits, offsets()));
            assertTrue(error.getMessage().contains("candidate logits"), error.getMessage());
        }
    }

    private static List<Offset> offsets() {
        List<Offset> offsets = new ArrayList<>();
        offsets.add(Offset.ZERO);
        for (int p = 1; p < CANDIDATES; p++) {
            offsets.add(new Offset((3 * p) % 8, (5 * p) % 8));
        }
        return offsets;
    }

    private static double entropy(float[] logits, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) {
            max = Math.max(max, logits[row * CLASSES + k]);
        }
        double norm = 0;
        for (int k = 0; k < CLASSES; k++) {
            norm += Math.exp(logits[row * CLASSES + k] - max);
        }
        double entropy = 0;
        for (int k = 0; k < CLASSES; k++) {
            double probability = Math.exp(logits[row * CLASSES + k] - max) / norm;
            entropy -= probability * Math.log(probability);
        }
        return entropy;
    }
}
