package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.discardsearch.error.ErrorCategory;
import org.discardsearch.result.ImageRequest;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmAssignment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArmRouterTest {

    private static DjlRecordScorer scorer;

    @BeforeAll
    static void load() throws Exception {
        scorer = TestArchive.sharedScorer();
    }

    private static List<ImageRecord> records(int n) {
        List<ImageRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new ImageRecord("id-" + i, ImageRequest.of(DjlRecordScorerTest.png(i)), OptionalInt.empty(),
                    new SourceRecord("images", 0, i)));
        }
        return records;
    }

    @Test
    void shadowModeScoresBothArmsOnEveryRecord() {
        List<ScoredRecord> scored = new ModeRouter(scorer, ScoringMode.SHADOW, 0.5).score(records(3));
        for (ScoredRecord one : scored) {
            assertEquals(Arm.SEARCH, one.primary().arm());
            assertEquals(4, one.primary().result().stats().budget());
            assertEquals(Arm.VANILLA, one.shadow().arm());
            assertEquals(1, one.shadow().result().stats().budget());
        }
    }

    @Test
    void vanillaModeUsesBudgetOneEvenWithABudgetHeader() {
        ImageRecord record = new ImageRecord("x", ImageRequest.of(DjlRecordScorerTest.png(1), 8), OptionalInt.empty(),
                new SourceRecord("images", 0, 0));
        ScoredRecord scored = new ModeRouter(scorer, ScoringMode.VANILLA, 0.5).score(List.of(record)).get(0);
        assertEquals(1, scored.primary().result().stats().budget());
        assertNull(scored.shadow());
    }

    @Test
    void splitModeFollowsTheStableAssignmentOfTheKey() {
        List<ImageRecord> records = records(12);
        List<ScoredRecord> scored = new ModeRouter(scorer, ScoringMode.SPLIT, 0.5).score(records);
        ArmAssignment assignment = new ArmAssignment(0.5);
        for (int i = 0; i < records.size(); i++) {
            assertEquals(assignment.assign(records.get(i).id()), scored.get(i).primary().arm());
            assertEquals(records.get(i), scored.get(i).record());
        }
    }

    @Test
    void aBadImageInShadowModeIsOneErrorAndItsNeighboursAreScored() {
        List<ImageRecord> records = records(3);
        records.set(1, new ImageRecord("bad", ImageRequest.of(new byte[] {1, 2, 3}), OptionalInt.empty(),
                new SourceRecord("images", 0, 1)));
        List<ScoredRecord> scored = new ModeRouter(scorer, ScoringMode.SHADOW, 0.5).score(records);
        assertNotNull(scored.get(0).primary());
        assertEquals(ErrorCategory.BAD_INPUT, scored.get(1).error().category());
        assertNotNull(scored.get(2).shadow());
    }
}
