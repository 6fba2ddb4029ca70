package org.discardsearch.ab;

import java.util.List;
import java.util.Locale;
import org.discardsearch.stats.AbReportSnapshot;
import org.discardsearch.stats.AbReportSnapshot.ArmSummary;
import org.discardsearch.stats.AbReportSnapshot.PairedSummary;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.LatencySummary;

/**
 * Renders a model's A/B report as one self-contained HTML page: inline CSS, two inline SVG bar charts
 * (accuracy per arm; latency p50/p95/p99 per arm) and the numbers in tables. No scripts and no external
 * resources, so it works offline and under a strict content security policy.
 */
public final class AbReportPage {

    private static final String VANILLA_COLOUR = "#8c8c8c";
    private static final String SEARCH_COLOUR = "#2b7bb9";
    private static final int LABEL_WIDTH = 80;
    private static final int BAR_SPAN = 320;
    private static final int CHART_HEIGHT = 160;

    private AbReportPage() {
    }

    /**
     * Renders the page.
     *
     * @param model the model name (escaped in the page)
     * @param snapshot the model's statistics
     * @return a complete HTML document
     */
    public static String render(String model, AbReportSnapshot snapshot) {
        String name = escape(model);
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>A/B report: ").append(name).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:52em}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}\n")
                .append("th,td{padding:4px 12px;border-bottom:1px solid #ddd;text-align:right}\n")
                .append("th:first-child,td:first-child{text-align:left}\n")
                .append(".key span{display:inline-block;width:0.9em;height:0.9em;margin:0 0.3em 0 1em}\n")
                .append("svg text{font-size:12px}\n")
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>A/B report: ").append(name).append("</h1>\n")
                .append("<p>Arm A is vanilla (budget 1, the plain forward pass); arm B is discard search. ")
                .append("Accuracy counts requests whose true label came back as feedback.</p>\n")
                .append("<p class=\"key\"><span style=\"background:").append(VANILLA_COLOUR).append("\"></span>vanilla")
                .append("<span style=\"background:").append(SEARCH_COLOUR).append("\"></span>search</p>\n");
        html.append("<h2>Accuracy</h2>\n").append(accuracyChart(snapshot));
        html.append("<h2>Latency</h2>\n").append(latencyChart(snapshot));
        html.append("<h2>Per arm</h2>\n").append(armTable(snapshot));
        html.append("<h2>Both arms on the same image (shadow mode)</h2>\n").append(pairedTable(snapshot.paired()));
        html.append("<p>Labels waiting: ").append(snapshot.pendingLabels()).append("; labels for unknown ids: ")
                .append(snapshot.unmatchedLabels()).append("; unlabelled requests dropped: ")
                .append(snapshot.evictedUnlabelled()).append(".</p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String accuracyChart(AbReportSnapshot snapshot) {
        List<ArmSummary> arms = List.of(snapshot.vanilla(), snapshot.search());
        int rowHeight = 30;
        int height = rowHeight * arms.size() + 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg role=\"img\" width=\"").append(LABEL_WIDTH + BAR_SPAN + 120).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(LABEL_WIDTH + BAR_SPAN + 120).append(' ')
                .append(height).append("\">\n<title>Accuracy per arm</title>\n");
        for (int i = 0; i < arms.size(); i++) {
            ArmSummary arm = arms.get(i);
            int y = 5 + i * rowHeight;
            svg.append("<text x=\"0\" y=\"").append(y + 16).append("\">").append(arm.arm().label()).append("</text>\n");
            svg.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y).append("\" width=\"")
                    .append(BAR_SPAN).append("\" height=\"22\" fill=\"#f0f0f0\"/>\n");
            if (Double.isNaN(arm.accuracy())) {
                svg.append("<text x=\"").append(LABEL_WIDTH + 6).append("\" y=\"").append(y + 16)
                        .append("\">no labels yet</text>\n");
            } else {
                svg.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y).append("\" width=\"")
                        .append(format("%.1f", arm.accuracy() * BAR_SPAN)).append("\" height=\"22\" fill=\"")
                        .append(colour(arm)).append("\"><title>").append(arm.arm().label()).append(": ")
                        .append(percent(arm.accuracy())).append("</title></rect>\n");
                svg.append("<text x=\"").append(LABEL_WIDTH + BAR_SPAN + 6).append("\" y=\"").append(y + 16)
                        .append("\">").append(percent(arm.accuracy())).append(" of ").append(arm.labelled())
                        .append("</text>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static String latencyChart(AbReportSnapshot snapshot) {
        List<ArmSummary> arms = List.of(snapshot.vanilla(), snapshot.search());
        double top = 0;
        for (ArmSummary arm : arms) {
            if (arm.count() > 0) {
                top = Math.max(top, arm.latency().p99());
            }
        }
        if (top <= 0) {
            return "<p>No requests yet.</p>\n";
        }
        String[] names = {"p50", "p95", "p99"};
        int barWidth = 36;
        int groupWidth = barWidth * arms.size() + 30;
        int width = LABEL_WIDTH + groupWidth * names.length;
        int base = CHART_HEIGHT + 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg role=\"img\" width=\"").append(width).append("\" height=\"").append(base + 25)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(base + 25).append("\">\n")
                .append("<title>Latency percentiles per arm, in milliseconds</title>\n")
                .append("<text x=\"0\" y=\"20\">").append(format("%.1f", top)).append(" ms</text>\n")
                .append("<line x1=\"").append(LABEL_WIDTH - 5).append("\" y1=\"").append(base).append("\" x2=\"")
                .append(width).append("\" y2=\"").append(base).append("\" stroke=\"#999\"/>\n");
        for (int g = 0; g < names.length; g++) {
            int x0 = LABEL_WIDTH + g * groupWidth;
            for (int a = 0; a < arms.size(); a++) {
                ArmSummary arm = arms.get(a);
                if (arm.count() == 0) {
                    continue;
                }
                double value = percentile(arm.latency(), g);
                double h = value / top * CHART_HEIGHT;
                svg.append("<rect x=\"").append(x0 + a * barWidth).append("\" y=\"").append(format("%.1f", base - h))
                        .append("\" width=\"").append(barWidth - 4).append("\" height=\"").append(format("%.1f", h))
                        .append("\" fill=\"").append(colour(arm)).append("\"><title>").append(arm.arm().label())
                        .append(' ').append(names[g]).append(": ").append(millis(value)).append("</title></rect>\n");
            }
            svg.append("<text x=\"").append(x0 + 20).append("\" y=\"").append(base + 18).append("\">")
                    .append(names[g]).append("</text>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static String armTable(AbReportSnapshot snapshot) {
        StringBuilder table = new StringBuilder("<table>\n<tr><th>arm</th><th>requests</th><th>labelled</th>"
                + "<th>correct</th><th>accuracy</th><th>mean</th><th>p50</th><th>p95</th><th>p99</th></tr>\n");
        for (ArmSummary arm : List.of(snapshot.vanilla(), snapshot.search())) {
            LatencySummary latency = arm.latency();
            table.append("<tr><td>").append(arm.arm().label()).append("</td><td>").append(arm.count())
                    .append("</td><td>").append(arm.labelled()).append("</td><td>").append(arm.correct())
                    .append("</td><td>").append(percent(arm.accuracy())).append("</td><td>")
                    .append(millis(latency.mean())).append("</td><td>").append(millis(latency.p50()))
                    .append("</td><td>").append(millis(latency.p95())).append("</td><td>")
                    .append(millis(latency.p99())).append("</td></tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    private static String pairedTable(PairedSummary paired) {
        return "<table>\n"
                + row("pairs", Long.toString(paired.count()))
                + row("agreement", percent(paired.agreementRate()))
                + row("labelled pairs", Long.toString(paired.labelled()))
                + row("only vanilla right", Long.toString(paired.b()))
                + row("only search right", Long.toString(paired.c()))
                + row("McNemar p-value (exact, two-sided)", paired.labelled() == 0 ? "–"
                        : format("%.4g", paired.mcNemarPValue()))
                + row("accuracy, search minus vanilla (95% interval)", paired.labelled() == 0 ? "–"
                        : signedPercent(paired.accuracyDifference().difference()) + " ("
                                + signedPercent(paired.accuracyDifference().lower()) + ", "
                                + signedPercent(paired.accuracyDifference().upper()) + ")")
                + "</table>\n";
    }

    private static String row(String name, String value) {
        return "<tr><td>" + name + "</td><td>" + value + "</td></tr>\n";
    }

    private static double percentile(LatencySummary latency, int which) {
        return which == 0 ? latency.p50() : which == 1 ? latency.p95() : latency.p99();
    }

    private static String colour(ArmSummary arm) {
        return arm.arm() == Arm.VANILLA ? VANILLA_COLOUR : SEARCH_COLOUR;
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "–" : format("%.1f%%", fraction * 100);
    }

    private static String signedPercent(double fraction) {
        return format("%+.1f%%", fraction * 100);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "–" : format("%.2f ms", value);
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    /**
     * Escapes text for HTML element content and attribute values.
     *
     * @param text any text
     * @return the text with {@code & < > " '} escaped
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
