package org.discardsearch.stats;

/**
 * What one arm did with one image: the class it predicted and how long it took.
 *
 * @param predictedClass the top-1 class index, {@code >= 0}
 * @param latencyMillis the time the arm took, in milliseconds, finite and {@code >= 0}
 */
public record ArmOutcome(int predictedClass, double latencyMillis) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the class is negative or the latency negative or not finite
     */
    public ArmOutcome {
        if (predictedClass < 0) {
            throw new IllegalArgumentException("predictedClass must be >= 0, got " + predictedClass);
        }
        LatencyRecorder.checkLatency(latencyMillis);
    }
}
