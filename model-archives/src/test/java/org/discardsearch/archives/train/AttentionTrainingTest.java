package org.discardsearch.archives.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.RealFashionMnist;
import org.discardsearch.error.DiscardSearchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attention training's code path on real calibration images and a small real backbone. */
class AttentionTrainingTest {

    private static AttentionTraining training() {
        return AttentionTraining.builder().setLayers(List.of(1, 2)).optBudget(8).optEpochs(2)
                .optLearningRates(List.of(1e-3f, 1e-2f)).optLimit(80).build();
    }

    @Test
    void sameSeedWritesTheSameModuleAndItsFolderLoadsBack(@TempDir Path dir) throws Exception {
        BackboneFiles backbone = BackboneFiles.read(BackboneFixture.write(dir.resolve("backbone"), 4));
        byte[][] params = new byte[2][];
        for (int run = 0; run < 2; run++) {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                AttentionTrainingResult result = training().train(RealFashionMnist.get(), backbone, manager);
                AttentionTraining.save(result, dir.resolve("run" + run));
                params[run] = Files.readAllBytes(dir.resolve("run" + run).resolve(AttentionTraining.PARAMS_FILE));
                AttentionTrainingReport report = result.report();
                assertEquals(List.of(1, 2), report.layers());
                assertEquals(8, report.budget());
                assertEquals(2, report.runs().size());
                assertEquals(80, report.trainImages() + report.heldOutImages());
            }
        }
        assertArrayEquals(params[0], params[1]);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            AttentionTrainingResult loaded = AttentionTraining.load(dir.resolve("run0"), 32, manager);
            assertEquals(4, loaded.module().getAlignment().orElseThrow().stride());
            assertEquals(List.of(1, 2), loaded.report().layers());
        }
    }

    @Test
    void heldOutPartIsDisjointFromTheTrainingPartAndStratified() {
        LabelledImages calibration = DatasetSplit.of(RealFashionMnist.get()).calibration();
        DatasetSplit parts = AttentionTraining.calibrationParts(calibration, 42, 100);
        assertEquals(4000, parts.train().size());
        assertEquals(1000, parts.calibration().size());
        for (int count : parts.calibration().classCounts()) {
            assertEquals(100, count);
        }
        Set<Integer> train = new HashSet<>();
        for (int i : parts.trainIndices()) {
            train.add(i);
        }
        for (int i : parts.calibrationIndices()) {
            assertTrue(!train.contains(i), "index " + i + " is in both parts");
        }
    }

    @Test
    void rejectsAnEmptyLearningRateGridNamingTheSetting() {
        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> AttentionTraining.builder().setLayers(List.of(1)).optLearningRates(List.of()).build());
        assertTrue(e.getMessage().contains("learningRates"), e.getMessage());
    }
}
