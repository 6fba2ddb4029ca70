package org.discardsearch.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.result.ImageRequest;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmAssignment;

/**
 * Scores a micro-batch by mode: sends each record to its arm (or both, in shadow mode), runs one model call per
 * arm, and pairs the outcomes back with the records. The vanilla arm asks for budget 1; the search arm asks for
 * the record's budget header, or the archive's budget.
 *
 * <p>Not thread-safe: used by the consumer's scoring thread.
 */
public final class ModeRouter {

    private final RecordScorer scorer;
    private final ScoringMode mode;
    private final ArmAssignment assignment;

    /**
     * Creates a router.
     *
     * @param scorer the model
     * @param mode which arm scores each record
     * @param splitSearchFraction the search arm's share in split mode
     */
    public ModeRouter(RecordScorer scorer, ScoringMode mode, double splitSearchFraction) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.assignment = new ArmAssignment(splitSearchFraction);
    }

    /**
     * Scores records.
     *
     * @param records the records, in order
     * @return one scored record per record, in the same order
     * @throws DiscardSearchException when a whole model call failed (TRANSIENT or INTERNAL)
     */
    public List<ScoredRecord> score(List<ImageRecord> records) {
        List<ImageRecord> searchArm = new ArrayList<>();
        List<ImageRecord> vanillaArm = new ArrayList<>();
        for (ImageRecord record : records) {
            Arm arm = armOf(record);
            if (arm == Arm.SEARCH || mode == ScoringMode.SHADOW) {
                searchArm.add(record);
            }
            if (arm == Arm.VANILLA || mode == ScoringMode.SHADOW) {
                vanillaArm.add(record);
            }
        }
        List<Scored> search = run(Arm.SEARCH, searchArm);
        List<Scored> vanilla = run(Arm.VANILLA, vanillaArm);
        List<ScoredRecord> out = new ArrayList<>(records.size());
        int s = 0;
        int v = 0;
        for (ImageRecord record : records) {
            Arm arm = armOf(record);
            Scored primary = arm == Arm.SEARCH ? search.get(s++) : vanilla.get(v++);
            Scored shadow = mode == ScoringMode.SHADOW ? vanilla.get(v++) : null;
            DiscardSearchException error = primary.error() != null ? primary.error()
                    : shadow != null ? shadow.error() : null;
            out.add(error != null ? new ScoredRecord(record, null, null, error)
                    : new ScoredRecord(record, primary.result(), shadow == null ? null : shadow.result(), null));
        }
        return out;
    }

    private Arm armOf(ImageRecord record) {
        return switch (mode) {
            case SEARCH, SHADOW -> Arm.SEARCH;
            case VANILLA -> Arm.VANILLA;
            case SPLIT -> assignment.assign(record.id());
        };
    }

    private List<Scored> run(Arm arm, List<ImageRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<ImageRequest> requests = records.stream()
                .map(r -> arm == Arm.VANILLA ? ImageRequest.of(r.image().bytes(), 1) : r.image())
                .toList();
        long begin = System.nanoTime();
        List<ScoreOutcome> outcomes = scorer.score(requests);
        double perImage = (System.nanoTime() - begin) / 1e6 / requests.size();
        if (outcomes.size() != requests.size()) {
            throw new IllegalStateException("Scorer returned " + outcomes.size() + " outcomes for "
                    + requests.size() + " images");
        }
        return outcomes.stream()
                .map(o -> o.error() != null ? new Scored(null, o.error())
                        : new Scored(new ArmScore(arm, o.result(), perImage, requests.size()), null))
                .toList();
    }

    private record Scored(ArmScore result, DiscardSearchException error) {
    }
}
