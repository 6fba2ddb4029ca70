package org.discardsearch.stats;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Accumulates an A/B comparison between {@link Arm#VANILLA} (arm A) and {@link Arm#SEARCH} (arm B), for the
 * DJL Serving plugin, the Kafka consumer and the offline evaluation alike.
 *
 * <p>Two kinds of records come in. A single record is one request scored by one arm (split traffic, see
 * {@link ArmAssignment}). A paired record is one image scored by both arms (shadow mode, offline evaluation);
 * it counts towards both arms' statistics and also towards the paired ones: agreement, the McNemar test and the
 * accuracy difference, which need both arms on the same image.
 *
 * <p>A label may come with the record or later, by id ({@link #recordLabel(String, int)}). Until then the
 * record's predictions wait in a pending map holding at most {@code pendingCapacity} ids
 * ({@value #DEFAULT_PENDING_CAPACITY} by default); beyond that the oldest pending id (by first record) is evicted
 * and counted in {@link AbReportSnapshot#evictedUnlabelled()}. A label counts once: the id leaves the map when it
 * arrives.
 * Latency percentiles are kept in bounded memory too, see {@link LatencyRecorder}.
 *
 * <p>Thread-safe: every method takes the report's lock, and each call is short (no I/O).
 */
public final class AbReport {

    /** The default bound of the pending-label map. */
    public static final int DEFAULT_PENDING_CAPACITY = 100_000;

    private static final int NO_PREDICTION = -1;

    private final Map<Arm, ArmCounts> arms = new EnumMap<>(Arm.class);
    private final Map<String, Pending> pending;
    private long pairs;
    private long agreements;
    private long pairsLabelled;
    private long onlyVanillaRight;
    private long onlySearchRight;
    private long unmatchedLabels;
    private long evicted;

    /**
     * Creates a report with the default bounds: {@value #DEFAULT_PENDING_CAPACITY} pending ids and
     * {@value LatencyRecorder#DEFAULT_CAPACITY} latencies sampled per arm.
     */
    public AbReport() {
        this(DEFAULT_PENDING_CAPACITY, LatencyRecorder.DEFAULT_CAPACITY);
    }

    /**
     * Creates a report.
     *
     * @param pendingCapacity the most unlabelled ids kept waiting for a label, at least 0
     * @param latencySampleCapacity the most latencies sampled per arm for percentiles, at least 1
     * @throws IllegalArgumentException if a bound is out of range
     */
    public AbReport(int pendingCapacity, int latencySampleCapacity) {
        if (pendingCapacity < 0) {
            throw new IllegalArgumentException("pendingCapacity must be >= 0, got " + pendingCapacity);
        }
        for (Arm arm : Arm.values()) {
            arms.put(arm, new ArmCounts(new LatencyRecorder(latencySampleCapacity)));
        }
        this.pending = new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
                boolean full = size() > pendingCapacity;
                if (full) {
                    evicted++;
                }
                return full;
            }
        };
    }

    /**
     * Records one request scored by one arm, whose label may arrive later.
     *
     * @param id the request or record id
     * @param arm the arm that scored it
     * @param outcome its prediction and latency
     */
    public synchronized void recordRequest(String id, Arm arm, ArmOutcome outcome) {
        Objects.requireNonNull(id, "id");
        count(arm, outcome);
        pending.put(id, pending.getOrDefault(id, Pending.EMPTY).with(arm, outcome.predictedClass()));
    }

    /**
     * Records one labelled request scored by one arm.
     *
     * @param id the request or record id
     * @param arm the arm that scored it
     * @param outcome its prediction and latency
     * @param label the true class, {@code >= 0}
     */
    public synchronized void recordLabelledRequest(String id, Arm arm, ArmOutcome outcome, int label) {
        Objects.requireNonNull(id, "id");
        checkLabel(label);
        count(arm, outcome);
        score(arm, outcome.predictedClass(), label);
    }

    /**
     * Records one image scored by both arms, whose label may arrive later.
     *
     * @param id the image's id
     * @param vanilla what the vanilla arm did
     * @param search what the search arm did
     */
    public synchronized void recordPaired(String id, ArmOutcome vanilla, ArmOutcome search) {
        Objects.requireNonNull(id, "id");
        countPair(vanilla, search);
        pending.put(id, new Pending(vanilla.predictedClass(), search.predictedClass(), true));
    }

    /**
     * Records one labelled image scored by both arms.
     *
     * @param id the image's id
     * @param vanilla what the vanilla arm did
     * @param search what the search arm did
     * @param label the true class, {@code >= 0}
     */
    public synchronized void recordLabelledPaired(String id, ArmOutcome vanilla, ArmOutcome search, int label) {
        Objects.requireNonNull(id, "id");
        checkLabel(label);
        countPair(vanilla, search);
        scorePair(vanilla.predictedClass(), search.predictedClass(), label);
    }

    /**
     * Attaches a label that arrived after its record (feedback).
     *
     * @param id the id the record was recorded under
     * @param label the true class, {@code >= 0}
     * @return true when a pending record took the label; false when the id is unknown, already labelled or
     *     evicted (counted in {@link AbReportSnapshot#unmatchedLabels()})
     */
    public synchronized boolean recordLabel(String id, int label) {
        Objects.requireNonNull(id, "id");
        checkLabel(label);
        Pending waiting = pending.remove(id);
        if (waiting == null) {
            unmatchedLabels++;
            return false;
        }
        if (waiting.paired()) {
            scorePair(waiting.vanilla(), waiting.search(), label);
        } else {
            if (waiting.vanilla() != NO_PREDICTION) {
                score(Arm.VANILLA, waiting.vanilla(), label);
            }
            if (waiting.search() != NO_PREDICTION) {
                score(Arm.SEARCH, waiting.search(), label);
            }
        }
        return true;
    }

    /**
     * Returns the statistics so far.
     *
     * @return an immutable snapshot
     */
    public synchronized AbReportSnapshot snapshot() {
        return new AbReportSnapshot(arms.get(Arm.VANILLA).summary(Arm.VANILLA),
                arms.get(Arm.SEARCH).summary(Arm.SEARCH),
                AbReportSnapshot.PairedSummary.of(pairs, agreements, pairsLabelled, onlyVanillaRight,
                        onlySearchRight),
                pending.size(), unmatchedLabels, evicted);
    }

    private void count(Arm arm, ArmOutcome outcome) {
        ArmCounts counts = arms.get(Objects.requireNonNull(arm, "arm"));
        counts.count++;
        counts.latency.record(outcome.latencyMillis());
    }

    private void countPair(ArmOutcome vanilla, ArmOutcome search) {
        count(Arm.VANILLA, vanilla);
        count(Arm.SEARCH, search);
        pairs++;
        if (vanilla.predictedClass() == search.predictedClass()) {
            agreements++;
        }
    }

    private void score(Arm arm, int predicted, int label) {
        ArmCounts counts = arms.get(arm);
        counts.labelled++;
        if (predicted == label) {
            counts.correct++;
        }
    }

    private void scorePair(int vanilla, int search, int label) {
        score(Arm.VANILLA, vanilla, label);
        score(Arm.SEARCH, search, label);
        pairsLabelled++;
        if (vanilla == label && search != label) {
            onlyVanillaRight++;
        } else if (search == label && vanilla != label) {
            onlySearchRight++;
        }
    }

    private static void checkLabel(int label) {
        if (label < 0) {
            throw new IllegalArgumentException("A label must be a class index >= 0, got " + label);
        }
    }

    /** Mutable per-arm totals, guarded by the report's lock. */
    private static final class ArmCounts {
        private final LatencyRecorder latency;
        private long count;
        private long labelled;
        private long correct;

        ArmCounts(LatencyRecorder latency) {
            this.latency = latency;
        }

        AbReportSnapshot.ArmSummary summary(Arm arm) {
            return AbReportSnapshot.ArmSummary.of(arm, count, labelled, correct, latency.summary());
        }
    }

    /** The predictions of an id waiting for its label; {@link #NO_PREDICTION} where an arm has not scored it. */
    private record Pending(int vanilla, int search, boolean paired) {
        static final Pending EMPTY = new Pending(NO_PREDICTION, NO_PREDICTION, false);

        Pending with(Arm arm, int predicted) {
            return arm == Arm.VANILLA
                    ? new Pending(predicted, search, paired)
                    : new Pending(vanilla, predicted, paired);
        }
    }
}
