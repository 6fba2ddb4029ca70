package org.discardsearch.archives.evaluate;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Renders an {@link EvaluationReport} as Markdown tables, for the README and the model cards.
 */
public final class ReportTables {

    private static final String HEADER = "| method | top-1 | gain over vanilla [95% CI] | McNemar p | flipped right / wrong"
            + " | calls/img | ms/img |\n|---|---|---|---|---|---|---|\n";

    private ReportTables() {}

    /**
     * Renders the whole report: the chosen configuration, the official default, and every method.
     *
     * @param report the report
     * @return Markdown
     */
    public static String render(EvaluationReport report) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Evaluation of %s on the %s split (%d images)%n%n", report.backbone(),
                report.split(), report.images()));
        md.append(String.format(Locale.ROOT, "%s, %s intra-op thread(s); %s; produced by `%s` in %.0f s.%n%n",
                report.engine(), report.threads(), report.timingImages() == 0 ? "not timed"
                        : "wall time per image measured at batch 1 on the first " + report.timingImages() + " images",
                report.command(), report.wallSeconds()));
        if (!report.sensitivity().isEmpty()) {
            md.append(sensitivity(report.sensitivity())).append('\n');
        }
        md.append("## Chosen on the calibration split\n\n");
        report.selection().notes().forEach(note -> md.append("- ").append(note).append('\n'));
        md.append('\n').append(HEADER).append(row(report.chosen(), "chosen: ", report.images()));
        if (report.officialDefault() != null) {
            md.append(row(report.officialDefault(), "official default: ", report.images()));
        }
        md.append('\n');
        if (report.split().equals("test")) {
            md.append("## Every method\n\n").append(table(report.methods(), r -> true));
        } else {
            md.append("## Entropy-weighted searches scored for the choice\n\n").append(table(report.methods(), r -> true));
            if (!report.selection().aggregationCandidates().isEmpty()) {
                md.append("\n## Aggregation, on the attention's held-out calibration part\n\n")
                        .append(table(report.selection().aggregationCandidates(), r -> true));
            }
        }
        return md.toString();
    }

    /**
     * Renders the phase sensitivity of every layer.
     *
     * @param sensitivity the layers
     * @return a Markdown table
     */
    public static String sensitivity(List<LayerSensitivity> sensitivity) {
        StringBuilder md = new StringBuilder("| layer | phase step (input px) | phase 0 (default) | phase 1 (dx) |"
                + " phase 2 (dy) | phase 3 (dx, dy) | worst drop |\n|---|---|---|---|---|---|---|\n");
        for (LayerSensitivity s : sensitivity) {
            md.append(String.format(Locale.ROOT, "| %d | %d |", s.layer(), s.inputPixelsPerPhaseStep()));
            for (double accuracy : s.phaseAccuracy()) {
                md.append(String.format(Locale.ROOT, " %.2f%% |", 100 * accuracy));
            }
            md.append(String.format(Locale.ROOT, " %.2f pt |%n", 100 * s.worstDrop()));
        }
        return md.toString();
    }

    /**
     * Renders some results as a table.
     *
     * @param results the results
     * @param filter which to include
     * @return a Markdown table
     */
    public static String table(List<MethodResult> results, Predicate<MethodResult> filter) {
        StringBuilder md = new StringBuilder(HEADER);
        results.stream().filter(filter).forEach(r -> md.append(row(r, "")));
        return md.toString();
    }

    /**
     * Renders one result as a table row.
     *
     * @param r the result
     * @param prefix text before the method's name
     * @return the row, with a line break
     */
    public static String row(MethodResult r, String prefix) {
        return row(r, prefix, r.images());
    }

    /**
     * Renders one result as a table row, naming its image count when it differs from the report's.
     *
     * @param r the result
     * @param prefix text before the method's name
     * @param reportImages the report's image count
     * @return the row, with a line break
     */
    public static String row(MethodResult r, String prefix, int reportImages) {
        String name = r.images() == reportImages ? r.name()
                : r.name() + String.format(Locale.ROOT, " (on %,d images)", r.images());
        return String.format(Locale.ROOT, "| %s%s | %.2f%% | %+.2f pt [%+.2f, %+.2f] | %s | %d / %d | %.2f | %s |%n",
                prefix, name, 100 * r.accuracy(), 100 * r.gain(), 100 * r.gainLower(), 100 * r.gainUpper(),
                pValue(r.mcNemarP()), r.flippedRight(), r.flippedWrong(), r.callsPerImage(),
                Double.isNaN(r.msPerImage()) ? "-" : String.format(Locale.ROOT, "%.2f", r.msPerImage()));
    }

    /**
     * Formats a p-value: three significant digits, or {@code < 1e-6}.
     *
     * @param p the p-value
     * @return the text
     */
    public static String pValue(double p) {
        if (p >= 0.001) {
            return String.format(Locale.ROOT, "%.3f", p);
        }
        return p < 1e-6 ? "< 1e-6" : String.format(Locale.ROOT, "%.1e", p);
    }
}
