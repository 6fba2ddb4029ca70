package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.result.DiscardResult;
import org.discardsearch.result.ImageRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlRecordScorerTest {

    @TempDir
    Path dir;

    private static DjlRecordScorer scorer;

    @BeforeAll
    static void load() throws Exception {
        scorer = TestArchive.sharedScorer();
    }

    static byte[] png(int seed) {
        byte[] pixels = new byte[28 * 28];
        new Random(seed).nextBytes(pixels);
        return PngWriter.write(pixels, 28, 28);
    }

    @Test
    void readsTheModelNameAndClassCountFromTheArchive() {
        assertEquals(TestArchive.NAME, scorer.modelName());
        assertEquals(10, scorer.classCount());
    }

    @Test
    void batchResultsEqualOneByOneResults() {
        List<ImageRequest> requests = List.of(ImageRequest.of(png(1)), ImageRequest.of(png(2), 1),
                ImageRequest.of(png(3), 16));
        List<ScoreOutcome> batch = scorer.score(requests);
        for (int i = 0; i < requests.size(); i++) {
            DiscardResult alone = scorer.score(List.of(requests.get(i))).get(0).result();
            DiscardResult batched = batch.get(i).result();
            ResultAssertions.assertSameResult(alone.topK(), alone.stats(), batched.topK(), batched.stats());
        }
        assertEquals(16, batch.get(2).result().stats().budget());
    }

    @Test
    void aCorruptImageFailsAloneAsBadInput() {
        List<ScoreOutcome> outcomes = scorer.score(List.of(ImageRequest.of(png(1)),
                ImageRequest.of("not an image".getBytes(StandardCharsets.UTF_8)), ImageRequest.of(png(2))));
        assertNotNull(outcomes.get(0).result());
        assertEquals(ErrorCategory.BAD_INPUT, outcomes.get(1).error().category());
        assertNull(outcomes.get(1).result());
        assertNotNull(outcomes.get(2).result());
    }

    @Test
    void aBudgetAboveTheArchiveMaximumIsBadInput() {
        ScoreOutcome outcome = scorer.score(List.of(ImageRequest.of(png(1), 17))).get(0);
        assertEquals(ErrorCategory.BAD_INPUT, outcome.error().category());
        assertTrue(outcome.error().getMessage().contains("17"), outcome.error().getMessage());
    }

    @Test
    void aMissingArchiveIsAConfigurationErrorNamingTheFolder() {
        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> DjlRecordScorer.load(dir.resolve("absent")));
        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }
}
