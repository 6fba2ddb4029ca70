package org.discardsearch.archives.train;

/**
 * The learning rate per optimizer step: a linear warm-up from {@code peak / warmupSteps} to {@code peak} over the
 * first {@code warmupSteps} steps, then a cosine decay from {@code peak} towards 0 over the remaining steps
 * (step {@code t} after the warm-up gets {@code peak * (1 + cos(pi * t / decaySteps)) / 2}).
 *
 * @param peak the learning rate reached at the end of the warm-up, above 0
 * @param warmupSteps steps of linear warm-up, 0 or more
 * @param totalSteps all steps of the run, more than {@code warmupSteps}
 */
public record LearningRateSchedule(float peak, int warmupSteps, int totalSteps) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the offending component
     */
    public LearningRateSchedule {
        if (!(peak > 0f && Float.isFinite(peak))) {
            throw new IllegalArgumentException("Invalid value '" + peak + "' for peak; allowed: finite, above 0");
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("Invalid value '" + warmupSteps + "' for warmupSteps; allowed: >= 0");
        }
        if (totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("Invalid value '" + totalSteps + "' for totalSteps; allowed: more"
                    + " than warmupSteps = " + warmupSteps);
        }
    }

    /**
     * Returns the learning rate of a step.
     *
     * @param step the step, counted from 0 over the whole run, in [0, totalSteps)
     * @return the learning rate, in (0, peak]
     * @throws IndexOutOfBoundsException if {@code step} is out of range
     */
    public float rate(int step) {
        java.util.Objects.checkIndex(step, totalSteps);
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return (float) (peak * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
