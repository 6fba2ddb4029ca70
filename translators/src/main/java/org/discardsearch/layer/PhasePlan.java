package org.discardsearch.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which input row every output row of a phase-selectable layer comes from, and at which phase. One plan lets
 * rows at different phases share a batch: the default continuation of some states and new phases of others
 * go through the layer, and everything after it, as one batch. Immutable.
 */
public final class PhasePlan {

    private final int[] sources;
    private final Phase[] phases;

    private PhasePlan(int[] sources, Phase[] phases) {
        this.sources = sources;
        this.phases = phases;
    }

    /**
     * Returns the plan that keeps every given phase of every input: row n·k + j is input n at phase j.
     *
     * @param inputs the number of input rows N, at least 1
     * @param phases the k phases, at least one
     * @return the plan, N·k rows
     */
    public static PhasePlan everyPhase(int inputs, List<Phase> phases) {
        if (inputs < 1 || phases.isEmpty()) {
            throw new IllegalArgumentException(
                    "A phase plan needs inputs and phases; got " + inputs + " inputs and phases " + phases);
        }
        Builder builder = builder();
        for (int n = 0; n < inputs; n++) {
            for (Phase phase : phases) {
                builder.add(n, phase);
            }
        }
        return builder.build();
    }

    /**
     * Returns a builder that appends output rows in order.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of output rows.
     *
     * @return the row count
     */
    public int size() {
        return sources.length;
    }

    /**
     * Returns the input row that output row i comes from.
     *
     * @param row the output row
     * @return the input row
     */
    public int source(int row) {
        return sources[row];
    }

    /**
     * Returns the phase of output row i.
     *
     * @param row the output row
     * @return the phase
     */
    public Phase phase(int row) {
        return phases[row];
    }

    /**
     * Returns the distinct phases in order of first use.
     *
     * @return the phases
     */
    public List<Phase> distinctPhases() {
        return Arrays.stream(phases).distinct().toList();
    }

    /**
     * Returns whether the plan is the stock op on an input of the given rows: every row in order, at the origin.
     *
     * @param inputs the number of input rows
     * @return true when the stock op computes exactly this plan
     */
    public boolean isStock(long inputs) {
        if (sources.length != inputs) {
            return false;
        }
        for (int row = 0; row < sources.length; row++) {
            if (sources[row] != row || !phases[row].isOrigin()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that every source row exists and every phase exists for the stride.
     *
     * @param inputs the number of input rows
     * @param stride the layer's stride R
     * @throws IllegalArgumentException naming the first row that does not fit
     */
    void check(long inputs, int stride) {
        for (int row = 0; row < sources.length; row++) {
            if (sources[row] >= inputs) {
                throw new IllegalArgumentException("Phase plan row " + row + " reads input row " + sources[row]
                        + "; the input has " + inputs + " rows");
            }
            if (phases[row].dy() >= stride || phases[row].dx() >= stride) {
                throw new IllegalArgumentException("Phase " + phases[row] + " does not exist for stride " + stride);
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PhasePlan plan && Arrays.equals(sources, plan.sources)
                && Arrays.equals(phases, plan.phases);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sources) + Arrays.hashCode(phases);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("PhasePlan[");
        for (int row = 0; row < sources.length; row++) {
            text.append(row == 0 ? "" : ", ").append(sources[row]).append('@').append(phases[row].dy())
                    .append(',').append(phases[row].dx());
        }
        return text.append(']').toString();
    }

    /** Appends output rows in order. */
    public static final class Builder {

        private final List<Integer> sources = new ArrayList<>();
        private final List<Phase> phases = new ArrayList<>();

        private Builder() {}

        /**
         * Appends an output row.
         *
         * @param source the input row it comes from, at least 0
         * @param phase its phase
         * @return this builder
         */
        public Builder add(int source, Phase phase) {
            if (source < 0) {
                throw new IllegalArgumentException("Phase plan source row must be >= 0, got " + source);
            }
            sources.add(source);
            phases.add(Objects.requireNonNull(phase, "phase"));
            return this;
        }

        /**
         * Returns the number of rows appended so far.
         *
         * @return the row count
         */
        public int size() {
            return sources.size();
        }

        /**
         * Builds the plan.
         *
         * @return the plan, at least one row
         */
        public PhasePlan build() {
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("A phase plan needs at least one row");
            }
            return new PhasePlan(sources.stream().mapToInt(Integer::intValue).toArray(), phases.toArray(Phase[]::new));
        }
    }
}
