package org.discardsearch.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.discardsearch.stats.AbReportSnapshot.ArmSummary;
import org.discardsearch.stats.AbReportSnapshot.PairedSummary;
import org.junit.jupiter.api.Test;

class AbReportTest {

    @Test
    void anEmptyReportHasZeroCountsAndUndefinedRates() {
        AbReportSnapshot s = new AbReport().snapshot();
        assertEquals(0, s.vanilla().count());
        assertTrue(Double.isNaN(s.search().accuracy()));
        assertTrue(Double.isNaN(s.paired().agreementRate()));
        assertEquals(1.0, s.paired().mcNemarPValue());
        assertEquals(LatencySummary.EMPTY, s.vanilla().latency());
    }

    @Test
    void singleLabelledRequestsGivePerArmAccuracyAndLatency() {
        AbReport report = new AbReport();
        report.recordLabelledRequest("a", Arm.VANILLA, new ArmOutcome(1, 10), 1);
        report.recordLabelledRequest("b", Arm.VANILLA, new ArmOutcome(2, 30), 1);
        report.recordLabelledRequest("c", Arm.SEARCH, new ArmOutcome(3, 40), 3);
        report.recordRequest("d", Arm.SEARCH, new ArmOutcome(0, 50));
        AbReportSnapshot s = report.snapshot();
        assertEquals(ArmSummary.of(Arm.VANILLA, 2, 2, 1, LatencySummary.of(10, 30)), s.vanilla());
        assertEquals(ArmSummary.of(Arm.SEARCH, 2, 1, 1, LatencySummary.of(40, 50)), s.arm(Arm.SEARCH));
        assertEquals(0.5, s.vanilla().accuracy());
        assertEquals(1.0, s.search().accuracy());
        assertEquals(0, s.paired().count());
        assertEquals(1, s.pendingLabels());
    }

    @Test
    void pairedRecordsGiveAgreementMcNemarAndTheAccuracyDifference() {
        AbReport report = new AbReport();
        // label 0 each time; (vanilla, search) predictions:
        int[][] pairs = {{0, 0}, {0, 1}, {1, 0}, {1, 0}, {1, 0}, {2, 2}, {0, 0}, {2, 0}};
        for (int i = 0; i < pairs.length; i++) {
            report.recordLabelledPaired("img-" + i, new ArmOutcome(pairs[i][0], 5), new ArmOutcome(pairs[i][1], 9), 0);
        }
        PairedSummary paired = report.snapshot().paired();
        assertEquals(8, paired.count());
        assertEquals(3, paired.agreements()); // {0,0}, {2,2}, {0,0}
        assertEquals(3 / 8.0, paired.agreementRate());
        assertEquals(8, paired.labelled());
        assertEquals(1, paired.b()); // only vanilla right: {0,1}
        assertEquals(4, paired.c()); // only search right: {1,0} x3, {2,0}
        assertEquals(McNemarTest.pValue(1, 4), paired.mcNemarPValue());
        assertEquals(0.375, paired.mcNemarPValue(), 1e-15); // 2 * (1 + 5) / 32
        assertEquals(PairedAccuracyDifference.of(8, 1, 4), paired.accuracyDifference());
        assertEquals(3 / 8.0, paired.accuracyDifference().difference(), 1e-15);
        AbReportSnapshot s = report.snapshot();
        assertEquals(3 / 8.0, s.vanilla().accuracy());
        assertEquals(6 / 8.0, s.search().accuracy());
        assertEquals(8, s.vanilla().latency().count());
    }

    @Test
    void aLateLabelScoresThePendingRequest() {
        AbReport report = new AbReport();
        report.recordRequest("r1", Arm.SEARCH, new ArmOutcome(4, 12));
        assertEquals(0, report.snapshot().search().labelled());
        assertTrue(report.recordLabel("r1", 4));
        AbReportSnapshot s = report.snapshot();
        assertEquals(1, s.search().labelled());
        assertEquals(1, s.search().correct());
        assertEquals(0, s.pendingLabels());
    }

    @Test
    void aLateLabelScoresBothArmsOfAPendingPair() {
        AbReport report = new AbReport();
        report.recordPaired("p1", new ArmOutcome(7, 3), new ArmOutcome(5, 8));
        assertEquals(0, report.snapshot().paired().labelled());
        assertTrue(report.recordLabel("p1", 5));
        PairedSummary paired = report.snapshot().paired();
        assertEquals(1, paired.labelled());
        assertEquals(0, paired.b());
        assertEquals(1, paired.c());
        assertEquals(0, paired.agreements());
    }

    @Test
    void aLabelCountsOnceAndUnknownIdsAreCounted() {
        AbReport report = new AbReport();
        report.recordRequest("r1", Arm.VANILLA, new ArmOutcome(1, 1));
        assertTrue(report.recordLabel("r1", 1));
        assertFalse(report.recordLabel("r1", 1));
        assertFalse(report.recordLabel("never-seen", 0));
        AbReportSnapshot s = report.snapshot();
        assertEquals(1, s.vanilla().labelled());
        assertEquals(2, s.unmatchedLabels());
    }

    @Test
    void thePendingMapEvictsTheOldestIdBeyondItsBound() {
        AbReport report = new AbReport(2, 100);
        report.recordRequest("r1", Arm.VANILLA, new ArmOutcome(1, 1));
        report.recordRequest("r2", Arm.VANILLA, new ArmOutcome(1, 1));
        report.recordRequest("r3", Arm.SEARCH, new ArmOutcome(1, 1));
        AbReportSnapshot s = report.snapshot();
        assertEquals(2, s.pendingLabels());
        assertEquals(1, s.evictedUnlabelled());
        assertFalse(report.recordLabel("r1", 1));
        assertTrue(report.recordLabel("r3", 1));
        assertEquals(3, report.snapshot().vanilla().count() + report.snapshot().search().count());
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        AbReport report = new AbReport();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        String id = thread + "-" + i;
                        report.recordLabelledPaired(id, new ArmOutcome(i % 2, 1), new ArmOutcome(0, 2), 0);
                        report.recordRequest(id + "-single", Arm.SEARCH, new ArmOutcome(0, 1));
                        report.recordLabel(id + "-single", 0);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        AbReportSnapshot s = report.snapshot();
        assertEquals(20_000, s.paired().count());
        assertEquals(10_000, s.paired().c());
        assertEquals(0, s.paired().b());
        assertEquals(40_000, s.search().count());
        assertEquals(40_000, s.search().correct());
        assertEquals(20_000, s.vanilla().latency().count());
        assertEquals(0, s.pendingLabels());
    }
}
