package org.discardsearch.archives.train.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.aggregate.GapLinearHead;
import org.discardsearch.error.DiscardSearchException;
import org.junit.jupiter.api.Test;

/**
 * Trains the attention aggregator on a synthetic problem where the plain mean is misled: of the six candidates
 * of each image, the three displaced by dx ≥ 4 carry a stronger feature of the wrong class.
 */
class AttentionTrainerTest {

    private static final int CANDIDATES = 6;
    private static final int CHANNELS = 4;
    private static final int SIDE = 2;
    private static final int CLASSES = 2;

    @Test
    void trainingBeatsThePlainMeanWhereDisplacedCandidatesMislead() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CandidateDataset train = synthetic(manager, 512, new Random(1));
            CandidateDataset heldOut = synthetic(manager, 256, new Random(2));
            GapLinearHead head = head(manager);
            AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(CHANNELS).optSeed(3).build();
            module.initialize(manager);
            AttentionTrainer trainer = trainer(module, head, 4);
            Evaluation plainMean = trainer.evaluate(heldOut);

            FitReport report = trainer.fit(train, heldOut);
            Evaluation trained = trainer.evaluate(heldOut);

            assertTrue(plainMean.accuracy() < 0.5, "the mean should be misled: " + plainMean);
            assertTrue(trained.accuracy() > plainMean.accuracy() + 0.3, plainMean + " -> " + trained);
            assertTrue(trained.loss() < plainMean.loss(), plainMean + " -> " + trained);
            // the kept epoch's parameters are restored: its held-out numbers come back
            assertEquals(report.best().heldOut().accuracy(), trained.accuracy(), 1e-9);
            assertEquals(report.best().heldOut().loss(), trained.loss(), 1e-4);
            assertTrue(report.epochs().get(report.epochs().size() - 1).trainLoss()
                    < report.epochs().get(0).trainLoss(), "training loss should fall: " + report);
        }
    }

    @Test
    void sameSeedGivesTheSameTrainingAndLeavesNoArraysBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CandidateDataset train = synthetic(manager, 64, new Random(4));
            GapLinearHead head = head(manager);
            float[][] gates = new float[2][];
            FitReport[] reports = new FitReport[2];
            for (int run = 0; run < 2; run++) {
                AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(CHANNELS).optSeed(5).build();
                module.initialize(manager);
                int arrays = manager.getManagedArrays().size();
                reports[run] = trainer(module, head, 2).fit(train, train);
                assertEquals(arrays, manager.getManagedArrays().size(), "arrays left on the caller's manager");
                gates[run] = module.getParameters().get("gate").getArray().toFloatArray();
            }
            assertArrayEquals(gates[0], gates[1], 0f);
            assertEquals(reports[0].epochs().get(1).trainLoss(), reports[1].epochs().get(1).trainLoss(), 0.0);
        }
    }

    @Test
    void rejectsAnUninitialisedModule() {
        AttentionAggregator module = AttentionAggregator.builder().setFeatureDim(CHANNELS).build();
        DiscardSearchException error = assertThrows(DiscardSearchException.class,
                () -> AttentionTrainer.builder().setModule(module).setHead(maps -> maps).build());
        assertTrue(error.getMessage().contains("module"), error.getMessage());
    }

    private static AttentionTrainer trainer(AttentionAggregator module, GapLinearHead head, int epochs) {
        return AttentionTrainer.builder()
                .setModule(module)
                .setHead(head)
                .optEpochs(epochs)
                .optBatchSize(32)
                .optLearningRate(0.05f)
                .optSeed(7)
                .build();
    }

    /** Logits 4·(mean of channel 0, mean of channel 1); channels 2 and 3 are ignored. */
    private static GapLinearHead head(NDManager manager) {
        return new GapLinearHead(manager, new float[] {4, 0, 0, 0, 0, 4, 0, 0}, new float[] {0, 0});
    }

    /**
     * Images of class y: three candidates with dx in [0, 4) add 1 to channel y, three with dx in [4, 8) add
     * 1.5 to channel 1 − y; every value has N(0, 0.5²) noise, and the candidate order is shuffled.
     */
    private static CandidateDataset synthetic(NDManager manager, int images, Random random) {
        int plane = SIDE * SIDE;
        float[] features = new float[images * CANDIDATES * CHANNELS * plane];
        int[] pairs = new int[images * CANDIDATES * 2];
        int[] labels = new int[images];
        for (int n = 0; n < images; n++) {
            int label = random.nextInt(CLASSES);
            labels[n] = label;
            for (int p = 0; p < CANDIDATES; p++) {
                boolean misleading = p % 2 == 1;
                int index = n * CANDIDATES + p;
                pairs[2 * index] = misleading ? 4 + random.nextInt(4) : random.nextInt(4);
                pairs[2 * index + 1] = random.nextInt(8);
                int channel = misleading ? 1 - label : label;
                float strength = misleading ? 1.5f : 1f;
                for (int c = 0; c < CHANNELS; c++) {
                    for (int i = 0; i < plane; i++) {
                        float value = (float) (0.5 * random.nextGaussian());
                        features[(index * CHANNELS + c) * plane + i] = c == channel ? value + strength : value;
                    }
                }
            }
        }
        NDArray featureArray = manager.create(features, new Shape(images, CANDIDATES, CHANNELS, SIDE, SIDE));
        NDArray pairArray = manager.create(pairs, new Shape(images, CANDIDATES, 2));
        return new CandidateDataset(featureArray, pairArray, labels);
    }
}
