package org.discardsearch.kafka;

import java.util.List;

import org.discardsearch.result.Prediction;
import org.discardsearch.result.SearchStats;

/**
 * The JSON value of one result record. Field names are public API: downstream readers parse them.
 *
 * @param id the input record's key
 * @param model the model that scored it
 * @param arm the serving arm, {@code search} or {@code vanilla}
 * @param budget the budget used; 1 = vanilla
 * @param states the states aggregated
 * @param networkCalls the network calls the search made
 * @param earlyExit whether the search stopped early because the default prediction was confident
 * @param topK the best classes with their probabilities, best first
 * @param latencyMs model time per image, in milliseconds
 * @param batchSize images in the model call
 * @param label the true class from the input's label header, or absent
 * @param source the input record's coordinates
 * @param shadow in shadow mode, the vanilla arm's result for the same image, else absent
 */
public record ResultMessage(String id, String model, String arm, int budget, int states, int networkCalls,
        boolean earlyExit, List<Prediction> topK, double latencyMs, int batchSize, Integer label,
        SourceRecord source, ShadowArm shadow) {

    /**
     * Builds the message of a scored record.
     *
     * @param scored a record with a result
     * @param model the model name
     * @param topK the most classes to list
     * @return the message
     */
    public static ResultMessage of(ScoredRecord scored, String model, int topK) {
        ArmScore primary = scored.primary();
        SearchStats stats = primary.result().stats();
        ImageRecord record = scored.record();
        return new ResultMessage(record.id(), model, primary.arm().label(), stats.budget(), stats.states(),
                stats.networkCalls(), stats.earlyExit(), first(primary, topK), primary.latencyMillis(),
                primary.batchSize(), record.label().isPresent() ? record.label().getAsInt() : null,
                record.source(), scored.shadow() == null ? null : ShadowArm.of(scored.shadow(), topK));
    }

    private static List<Prediction> first(ArmScore arm, int topK) {
        List<Prediction> all = arm.result().topK();
        return all.subList(0, Math.min(topK, all.size()));
    }

    /**
     * The other arm's result in shadow mode.
     *
     * @param arm the arm, {@code vanilla}
     * @param budget the budget used
     * @param states the states aggregated
     * @param networkCalls the network calls made
     * @param topK the best classes, best first
     * @param latencyMs model time per image, in milliseconds
     */
    public record ShadowArm(String arm, int budget, int states, int networkCalls, List<Prediction> topK,
            double latencyMs) {

        static ShadowArm of(ArmScore result, int topK) {
            SearchStats stats = result.result().stats();
            return new ShadowArm(result.arm().label(), stats.budget(), stats.states(), stats.networkCalls(),
                    first(result, topK), result.latencyMillis());
        }
    }
}
