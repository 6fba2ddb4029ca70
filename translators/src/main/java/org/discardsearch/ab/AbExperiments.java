package org.discardsearch.ab;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.discardsearch.stats.AbReport;
import org.discardsearch.stats.AbReportSnapshot;
import org.discardsearch.stats.Arm;

/**
 * The running A/B experiments, one {@link AbReport} per model name, created on first use. Thread-safe.
 * Reports live as long as this object (for the plugin, until the server stops).
 */
public final class AbExperiments {

    private final Map<String, AbReport> reports = new ConcurrentHashMap<>();
    private final Supplier<AbReport> newReport;

    /** Creates experiments whose reports have the default bounds. */
    public AbExperiments() {
        this(AbReport::new);
    }

    /**
     * Creates experiments.
     *
     * @param newReport makes the report of a model seen for the first time
     */
    public AbExperiments(Supplier<AbReport> newReport) {
        this.newReport = Objects.requireNonNull(newReport, "newReport");
    }

    /**
     * Records what the arms of one request answered.
     *
     * @param model the model name
     * @param decision where the request went
     * @param results one result per arm of the decision, in the decision's order
     * @throws IllegalArgumentException if the results do not match the decision's arms
     */
    public void record(String model, RoutingDecision decision, List<ArmResult> results) {
        List<Arm> arms = results.stream().map(ArmResult::arm).toList();
        if (!arms.equals(decision.arms())) {
            throw new IllegalArgumentException("Results for arms " + arms + " do not match the decision's arms "
                    + decision.arms());
        }
        AbReport report = report(model);
        if (decision.routing() == Routing.SHADOW) {
            report.recordPaired(decision.id(), results.get(0).outcome(), results.get(1).outcome());
        } else {
            report.recordRequest(decision.id(), results.get(0).arm(), results.get(0).outcome());
        }
    }

    /**
     * Attaches a label to an earlier request.
     *
     * @param model the model name
     * @param feedback the request id and its true label
     * @return true when a pending request took the label; false when the id is unknown to this model's
     *     experiment, already labelled, or evicted (counted as unmatched)
     */
    public boolean label(String model, Feedback feedback) {
        return report(model).recordLabel(feedback.id(), feedback.label());
    }

    /**
     * Returns a model's statistics so far.
     *
     * @param model the model name
     * @return the snapshot; all zeros when the model has no experiment yet
     */
    public AbReportSnapshot snapshot(String model) {
        AbReport report = reports.get(Objects.requireNonNull(model, "model"));
        return (report == null ? newReport.get() : report).snapshot();
    }

    private AbReport report(String model) {
        return reports.computeIfAbsent(Objects.requireNonNull(model, "model"), name -> newReport.get());
    }
}
