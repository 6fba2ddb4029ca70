package org.discardsearch.archives.train;

import java.util.Objects;
import org.discardsearch.aggregate.AttentionAggregator;

/**
 * What {@link AttentionTraining#train} returns: the trained module (its parameters belong to the manager given to
 * the training) and the report of the run.
 *
 * @param module the module with the kept run's parameters
 * @param report the settings and the held-out numbers of every run
 */
public record AttentionTrainingResult(AttentionAggregator module, AttentionTrainingReport report) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if one is null
     */
    public AttentionTrainingResult {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(report, "report");
    }
}
