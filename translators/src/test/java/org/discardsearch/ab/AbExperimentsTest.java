package org.discardsearch.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.discardsearch.stats.Arm;
import org.junit.jupiter.api.Test;

class AbExperimentsTest {

    private static ArmResult result(Arm arm, int predicted, double millis) {
        String json = "{\"predictions\":[{\"class\":\"c" + predicted + "\",\"index\":" + predicted + "}]}";
        return new ArmResult(arm, ModelAnswer.parse(json.getBytes(StandardCharsets.UTF_8)), millis);
    }

    private static void single(AbExperiments ab, String id, Arm arm, int predicted, double millis) {
        ab.record("m", RoutingDecision.single(id, Routing.FORCED, arm), List.of(result(arm, predicted, millis)));
    }

    private static void shadow(AbExperiments ab, String id, int vanilla, int search) {
        ab.record("m", RoutingDecision.shadow(id),
                List.of(result(Arm.VANILLA, vanilla, 5), result(Arm.SEARCH, search, 7)));
    }

    /**
     * Vanilla: a (right), b (wrong), then six pairs where it is right once; search: c (right) and the six pairs,
     * all right. Pairs: five where only search is right (b = 0, c = 5), one where both are; they agree once.
     */
    private static AbExperiments handComputedCase() {
        AbExperiments ab = new AbExperiments();
        single(ab, "a", Arm.VANILLA, 1, 10);
        single(ab, "b", Arm.VANILLA, 2, 30);
        single(ab, "c", Arm.SEARCH, 3, 20);
        assertTrue(ab.label("m", new Feedback("a", 1)));
        assertTrue(ab.label("m", new Feedback("b", 0)));
        assertTrue(ab.label("m", new Feedback("c", 3)));
        shadow(ab, "p0", 4, 4);
        for (int i = 1; i <= 5; i++) {
            shadow(ab, "p" + i, 0, 1);
        }
        assertTrue(ab.label("m", new Feedback("p0", 4)));
        for (int i = 1; i <= 5; i++) {
            assertTrue(ab.label("m", new Feedback("p" + i, 1)));
        }
        return ab;
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportMatchesHandComputedNumbers() {
        Map<String, Object> report = AbJson.report("m", handComputedCase().snapshot("m"));
        Map<String, Object> arms = (Map<String, Object>) report.get("arms");
        Map<String, Object> vanilla = (Map<String, Object>) arms.get("vanilla");
        assertEquals(8L, vanilla.get("count"));
        assertEquals(8L, vanilla.get("labelled"));
        assertEquals(2L, vanilla.get("correct"));
        assertEquals(0.25, vanilla.get("accuracy"));
        // Latencies 5 x6, 10, 30: nearest rank p50 = 4th of 8 = 5, p95 = p99 = 8th = 30, mean 70 / 8.
        Map<String, Object> latency = (Map<String, Object>) vanilla.get("latencyMillis");
        assertEquals(5.0, latency.get("p50"));
        assertEquals(30.0, latency.get("p95"));
        assertEquals(30.0, latency.get("p99"));
        assertEquals(8.75, latency.get("mean"));
        Map<String, Object> search = (Map<String, Object>) arms.get("search");
        assertEquals(7L, search.get("count"));
        assertEquals(1.0, search.get("accuracy"));
        Map<String, Object> paired = (Map<String, Object>) report.get("paired");
        assertEquals(6L, paired.get("count"));
        assertEquals(1.0 / 6, paired.get("agreementRate"));
        assertEquals(0L, paired.get("onlyVanillaRight"));
        assertEquals(5L, paired.get("onlySearchRight"));
        // Exact McNemar: 2 P(X <= 0), X ~ Binomial(5, 1/2) = 2 / 32.
        assertEquals(0.0625, (Double) paired.get("mcNemarPValue"), 1e-12);
        Map<String, Object> difference = (Map<String, Object>) paired.get("accuracyDifference");
        assertEquals(5.0 / 6, (Double) difference.get("searchMinusVanilla"), 1e-12);
        assertEquals(Math.sqrt(5 - 25.0 / 6) / 6, (Double) difference.get("standardError"), 1e-12);
        assertEquals(0L, report.get("pendingLabels"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void undefinedStatisticsAreNullNotNaN() {
        Map<String, Object> report = AbJson.report("fresh", new AbExperiments().snapshot("fresh"));
        Map<String, Object> vanilla = (Map<String, Object>) ((Map<String, Object>) report.get("arms")).get("vanilla");
        assertNull(vanilla.get("accuracy"));
        assertNull(((Map<String, Object>) vanilla.get("latencyMillis")).get("p99"));
        Map<String, Object> paired = (Map<String, Object>) report.get("paired");
        assertNull(paired.get("agreementRate"));
        assertEquals(1.0, paired.get("mcNemarPValue"));
        assertNull(((Map<String, Object>) paired.get("accuracyDifference")).get("lower95"));
    }

    @Test
    void aLabelCountsOnceAndOnlyForItsModel() {
        AbExperiments ab = new AbExperiments();
        single(ab, "a", Arm.SEARCH, 1, 1);
        assertFalse(ab.label("other", new Feedback("a", 1)));
        assertTrue(ab.label("m", new Feedback("a", 1)));
        assertFalse(ab.label("m", new Feedback("a", 1)));
        assertEquals(1, ab.snapshot("m").unmatchedLabels());
        assertEquals(1, ab.snapshot("m").search().correct());
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersCarryTheArmTheLatencyAndTheModelsOwnAnswer() {
        RoutingDecision one = RoutingDecision.single("r", Routing.SPLIT, Arm.SEARCH);
        Map<String, Object> answer = AbJson.answer("m", one, List.of(result(Arm.SEARCH, 2, 12.5)));
        assertEquals("search", answer.get("arm"));
        assertEquals("split", answer.get("routing"));
        assertEquals(12.5, answer.get("latencyMillis"));
        assertEquals("{\"predictions\":[{\"class\":\"c2\",\"index\":2}]}", answer.get("answer").toString());
        Map<String, Object> both = AbJson.answer("m", RoutingDecision.shadow("r"),
                List.of(result(Arm.VANILLA, 2, 1), result(Arm.SEARCH, 3, 2)));
        assertEquals(false, both.get("agree"));
        assertEquals(Map.of("vanilla", 1.0, "search", 2.0), Map.of(
                "vanilla", ((Map<String, Object>) ((Map<String, Object>) both.get("arms")).get("vanilla"))
                        .get("latencyMillis"),
                "search", ((Map<String, Object>) ((Map<String, Object>) both.get("arms")).get("search"))
                        .get("latencyMillis")));
    }

    @Test
    void resultsMustMatchTheDecision() {
        AbExperiments ab = new AbExperiments();
        assertThrows(IllegalArgumentException.class, () -> ab.record("m", RoutingDecision.shadow("r"),
                List.of(result(Arm.SEARCH, 1, 1))));
        assertThrows(IllegalArgumentException.class, () -> ab.record("m",
                RoutingDecision.single("r", Routing.SPLIT, Arm.VANILLA), List.of(result(Arm.SEARCH, 1, 1))));
    }
}
