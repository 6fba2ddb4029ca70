package org.discardsearch.kafka;

import java.util.Objects;
import java.util.OptionalInt;

import org.discardsearch.stats.AbReport;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmOutcome;

/**
 * One scored record as the A/B report counts it, whether it comes from the scorer ({@link #of(ScoredRecord)}) or
 * back from the result topic ({@link #of(ResultMessage)}): the consumer's own report and the group report read
 * through {@link ReportCommand} then count a record the same way.
 *
 * @param id the record's id
 * @param arm the serving arm
 * @param primary the serving arm's outcome
 * @param shadow in shadow mode the vanilla arm's outcome, else null
 * @param label the true class, if known
 */
record AbObservation(String id, Arm arm, ArmOutcome primary, ArmOutcome shadow, OptionalInt label) {

    /** Checks the components. */
    AbObservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(label, "label");
    }

    /**
     * Returns the observation of a record the consumer scored.
     *
     * @param scored a record with a result
     * @return the observation
     */
    static AbObservation of(ScoredRecord scored) {
        return new AbObservation(scored.record().id(), scored.primary().arm(), scored.primary().outcome(),
                scored.shadow() == null ? null : scored.shadow().outcome(), scored.record().label());
    }

    /**
     * Returns the observation of a result read back from the result topic.
     *
     * @param result the result
     * @return the observation
     * @throws IllegalArgumentException when the result names no class or an unknown arm
     */
    static AbObservation of(ResultMessage result) {
        ResultMessage.ShadowArm shadow = result.shadow();
        return new AbObservation(result.id(), Arm.fromLabel(result.arm()),
                new ArmOutcome(result.topK().get(0).classIndex(), result.latencyMs()),
                shadow == null ? null : new ArmOutcome(shadow.topK().get(0).classIndex(), shadow.latencyMs()),
                result.label() == null ? OptionalInt.empty() : OptionalInt.of(result.label()));
    }

    /**
     * Counts the observation in a report: paired when both arms scored the image, else for its arm.
     *
     * @param report the report
     */
    void addTo(AbReport report) {
        if (shadow != null) {
            if (label.isPresent()) {
                report.recordLabelledPaired(id, shadow, primary, label.getAsInt());
            } else {
                report.recordPaired(id, shadow, primary);
            }
        } else if (label.isPresent()) {
            report.recordLabelledRequest(id, arm, primary, label.getAsInt());
        } else {
            report.recordRequest(id, arm, primary);
        }
    }
}
