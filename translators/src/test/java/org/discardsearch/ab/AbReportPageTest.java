package org.discardsearch.ab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.discardsearch.stats.Arm;
import org.junit.jupiter.api.Test;

class AbReportPageTest {

    private static ArmResult result(Arm arm, int predicted, double millis) {
        String json = "{\"predictions\":[{\"index\":" + predicted + "}]}";
        return new ArmResult(arm, ModelAnswer.parse(json.getBytes(StandardCharsets.UTF_8)), millis);
    }

    @Test
    void pageHasBothChartsAndTheNumbersAndNothingExternal() {
        AbExperiments ab = new AbExperiments();
        ab.record("m", RoutingDecision.shadow("r1"), List.of(result(Arm.VANILLA, 1, 4), result(Arm.SEARCH, 2, 9)));
        ab.label("m", new Feedback("r1", 2));
        String html = AbReportPage.render("m", ab.snapshot("m"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Accuracy per arm</title>") && html.contains("<title>Latency percentiles"),
                html);
        assertTrue(html.contains("0.0% of 1") && html.contains("100.0% of 1"), html);
        assertTrue(html.contains("9.00 ms"), html);
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), "no scripts");
        assertFalse(lower.contains("src=") || lower.contains("href=") || lower.contains("url("), "no resources");
    }

    @Test
    void anEmptyReportSaysSoInsteadOfDrawingBars() {
        String html = AbReportPage.render("m", new AbExperiments().snapshot("m"));
        assertTrue(html.contains("no labels yet") && html.contains("No requests yet"), html);
    }

    @Test
    void theModelNameIsEscaped() {
        String html = AbReportPage.render("<b>x&y</b>", new AbExperiments().snapshot("x"));
        assertTrue(html.contains("&lt;b&gt;x&amp;y&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>x"), html);
    }
}
