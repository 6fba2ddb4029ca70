package org.discardsearch.ab;

import java.util.Objects;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmOutcome;

/**
 * What one arm answered for one request, and how long it took.
 *
 * @param arm the arm
 * @param answer the model's answer
 * @param latencyMillis the time from sending the request to the model to its answer, in milliseconds
 */
public record ArmResult(Arm arm, ModelAnswer answer, double latencyMillis) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the latency is negative or not finite
     */
    public ArmResult {
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(answer, "answer");
        if (!(latencyMillis >= 0) || Double.isInfinite(latencyMillis)) {
            throw new IllegalArgumentException("latencyMillis must be finite and >= 0, got " + latencyMillis);
        }
    }

    /**
     * Returns the outcome the report records.
     *
     * @return the predicted class and the latency
     */
    public ArmOutcome outcome() {
        return new ArmOutcome(answer.predictedClass(), latencyMillis);
    }
}
