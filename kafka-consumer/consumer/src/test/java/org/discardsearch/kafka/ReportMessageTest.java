package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.discardsearch.stats.AbReport;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmOutcome;
import org.junit.jupiter.api.Test;

/** The report's text lists only the arms that scored something, and never prints an undefined accuracy. */
class ReportMessageTest {

    private static String text(AbReport report) {
        return new ReportMessage("m", "search", 0, 2, 2, 0, 1.0, report.snapshot()).text();
    }

    @Test
    void aSearchOnlyReportHasNoVanillaRow() {
        AbReport report = new AbReport();
        report.recordLabelledRequest("a", Arm.SEARCH, new ArmOutcome(1, 2.0), 1);
        report.recordLabelledRequest("b", Arm.SEARCH, new ArmOutcome(2, 3.0), 1);
        String text = text(report);
        assertTrue(text.contains("  search          2         2    50.00%"), text);
        assertFalse(text.contains("vanilla"), text);
        assertFalse(text.contains("NaN"), text);
    }

    @Test
    void anArmWithoutLabelsShowsNoAccuracy() {
        AbReport report = new AbReport();
        report.recordRequest("a", Arm.SEARCH, new ArmOutcome(1, 2.0));
        String text = text(report);
        assertTrue(text.contains("  search          1         0         -"), text);
        assertFalse(text.contains("NaN"), text);
    }
}
