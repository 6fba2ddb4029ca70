package org.discardsearch.ab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.stats.AbReportSnapshot;
import org.discardsearch.stats.AbReportSnapshot.ArmSummary;
import org.discardsearch.stats.AbReportSnapshot.PairedSummary;
import org.discardsearch.stats.LatencySummary;
import org.discardsearch.stats.PairedAccuracyDifference;

/**
 * The A/B endpoints' answers as JSON-ready values: ordered maps whose values are strings, numbers, booleans,
 * nested maps, or Gson trees (a model's own answer). Undefined statistics ({@code NaN} in the snapshot) are
 * {@code null}, so the writer must keep null values (Gson: {@code serializeNulls()}).
 */
public final class AbJson {

    private AbJson() {
    }

    /**
     * Describes the answer to one A/B request. One arm: {@code model, id, routing, arm, latencyMillis, answer}.
     * Shadow mode: {@code model, id, routing, agree, arms: {vanilla: {latencyMillis, answer}, search: {..}}}.
     *
     * @param model the model name
     * @param decision where the request went
     * @param results the arms' results, in the decision's order
     * @return the answer
     */
    public static Map<String, Object> answer(String model, RoutingDecision decision, List<ArmResult> results) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("id", decision.id());
        json.put("routing", decision.routing().label());
        if (decision.routing() == Routing.SHADOW) {
            json.put("agree", results.get(0).answer().predictedClass() == results.get(1).answer().predictedClass());
            Map<String, Object> arms = new LinkedHashMap<>();
            for (ArmResult result : results) {
                Map<String, Object> arm = new LinkedHashMap<>();
                arm.put("latencyMillis", result.latencyMillis());
                arm.put("answer", result.answer().tree());
                arms.put(result.arm().label(), arm);
            }
            json.put("arms", arms);
        } else {
            ArmResult result = results.get(0);
            json.put("arm", result.arm().label());
            json.put("latencyMillis", result.latencyMillis());
            json.put("answer", result.answer().tree());
        }
        return json;
    }

    /**
     * Describes a model's A/B report.
     *
     * @param model the model name
     * @param snapshot its statistics
     * @return {@code model, arms: {vanilla, search}, paired, pendingLabels, unmatchedLabels, evictedUnlabelled}
     */
    public static Map<String, Object> report(String model, AbReportSnapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        Map<String, Object> arms = new LinkedHashMap<>();
        arms.put(snapshot.vanilla().arm().label(), arm(snapshot.vanilla()));
        arms.put(snapshot.search().arm().label(), arm(snapshot.search()));
        json.put("arms", arms);
        json.put("paired", paired(snapshot.paired()));
        json.put("pendingLabels", snapshot.pendingLabels());
        json.put("unmatchedLabels", snapshot.unmatchedLabels());
        json.put("evictedUnlabelled", snapshot.evictedUnlabelled());
        return json;
    }

    /**
     * Describes an error.
     *
     * @param status the HTTP status it is sent with
     * @param message the user-facing message
     * @return {@code code, message}
     */
    public static Map<String, Object> error(int status, String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", status);
        json.put("message", message);
        return json;
    }

    private static Map<String, Object> arm(ArmSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", summary.count());
        json.put("labelled", summary.labelled());
        json.put("correct", summary.correct());
        json.put("accuracy", number(summary.accuracy()));
        json.put("latencyMillis", latency(summary.latency()));
        return json;
    }

    private static Map<String, Object> latency(LatencySummary latency) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", latency.count());
        json.put("mean", number(latency.mean()));
        json.put("p50", number(latency.p50()));
        json.put("p95", number(latency.p95()));
        json.put("p99", number(latency.p99()));
        json.put("max", number(latency.max()));
        return json;
    }

    private static Map<String, Object> paired(PairedSummary paired) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", paired.count());
        json.put("agreements", paired.agreements());
        json.put("agreementRate", number(paired.agreementRate()));
        json.put("labelled", paired.labelled());
        json.put("onlyVanillaRight", paired.b());
        json.put("onlySearchRight", paired.c());
        json.put("mcNemarPValue", number(paired.mcNemarPValue()));
        PairedAccuracyDifference difference = paired.accuracyDifference();
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("searchMinusVanilla", number(difference.difference()));
        diff.put("standardError", number(difference.standardError()));
        diff.put("lower95", number(difference.lower()));
        diff.put("upper95", number(difference.upper()));
        json.put("accuracyDifference", diff);
        return json;
    }

    /** JSON has no NaN: an undefined statistic is null. */
    private static Double number(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
