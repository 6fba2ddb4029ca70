package org.discardsearch.kafka;

import java.util.Objects;

import org.discardsearch.result.DiscardResult;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmOutcome;

/**
 * One arm's result for one record.
 *
 * @param arm the arm that scored it
 * @param result the core's result
 * @param latencyMillis the model time per image of the call that scored it: the call's wall time divided by
 *     the images in it, in milliseconds
 * @param batchSize the images in that call
 */
public record ArmScore(Arm arm, DiscardResult result, double latencyMillis, int batchSize) {

    /** Validates the components. */
    public ArmScore {
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(result, "result");
        if (!(latencyMillis >= 0) || batchSize < 1) {
            throw new IllegalArgumentException("Invalid latency " + latencyMillis + " or batch size " + batchSize);
        }
    }

    /**
     * Returns what the A/B report needs: the top-1 class and the latency.
     *
     * @return the outcome
     */
    public ArmOutcome outcome() {
        return new ArmOutcome(result.best().classIndex(), latencyMillis);
    }
}
