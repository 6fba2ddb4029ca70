package org.discardsearch.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.discardsearch.ab.AbJson;
import org.discardsearch.stats.AbReportSnapshot;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.AbReportSnapshot.ArmSummary;
import org.discardsearch.stats.AbReportSnapshot.PairedSummary;

/**
 * One A/B report of the consumer: the core's statistics plus the consumer's counts. {@link #json()} is the value
 * of a report record (the plugin's report JSON, {@link AbJson#report}, with the consumer's fields added);
 * {@link #text()} is its text for the log. Field names are public API.
 *
 * @param model the model that scored the records
 * @param mode the scoring mode
 * @param timestampMs when the report was taken, milliseconds since the epoch
 * @param records input records processed by this consumer since it started
 * @param results results written
 * @param deadLetters dead letters written
 * @param imagesPerSecond records processed per second of wall time since the first record
 * @param report the core's A/B statistics
 */
public record ReportMessage(String model, String mode, long timestampMs, long records, long results,
        long deadLetters, double imagesPerSecond, AbReportSnapshot report) {

    /**
     * Returns the JSON fields of a report record: {@code model, arms, paired, pendingLabels, unmatchedLabels,
     * evictedUnlabelled} as the plugin writes them (undefined statistics are null), then {@code mode,
     * timestampMs, records, results, deadLetters, imagesPerSecond}.
     *
     * @return the fields, in that order
     */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>(AbJson.report(model, report));
        json.put("mode", mode);
        json.put("timestampMs", timestampMs);
        json.put("records", records);
        json.put("results", results);
        json.put("deadLetters", deadLetters);
        json.put("imagesPerSecond", imagesPerSecond);
        return json;
    }

    /**
     * Renders the report as a few lines of text: one per arm that scored a record (accuracy {@code -} when none
     * was labelled), then the paired statistics when both arms scored the same images.
     *
     * @return the text, lines separated by {@code \n}
     */
    public String text() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "A/B report: model %s, mode %s: %d records, %d results, %d dead letters, %.1f images/s on average%n",
                model, mode, records, results, deadLetters, imagesPerSecond));
        out.append(String.format(Locale.ROOT, "  %-8s %8s %9s %9s %9s %9s %9s%n", "arm", "count", "labelled",
                "accuracy", "p50 ms", "p95 ms", "p99 ms"));
        for (Arm arm : Arm.values()) {
            ArmSummary s = report.arm(arm);
            if (s.count() == 0) {
                continue;
            }
            String accuracy = s.labelled() == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * s.accuracy());
            out.append(String.format(Locale.ROOT, "  %-8s %8d %9d %9s %9.2f %9.2f %9.2f%n", arm.label(),
                    s.count(), s.labelled(), accuracy, s.latency().p50(), s.latency().p95(), s.latency().p99()));
        }
        PairedSummary paired = report.paired();
        if (paired.count() > 0) {
            out.append(String.format(Locale.ROOT, "  paired %d: agreement %.2f%%; labelled %d: only vanilla right"
                    + " %d, only search right %d, McNemar p = %.4g; search - vanilla = %+.2f pp (95%% CI %+.2f,"
                    + " %+.2f)%n", paired.count(), 100 * paired.agreementRate(), paired.labelled(), paired.b(),
                    paired.c(), paired.mcNemarPValue(), 100 * paired.accuracyDifference().difference(),
                    100 * paired.accuracyDifference().lower(), 100 * paired.accuracyDifference().upper()));
        }
        return out.toString().stripTrailing();
    }
}
