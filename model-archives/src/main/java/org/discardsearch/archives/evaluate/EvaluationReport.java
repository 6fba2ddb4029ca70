package org.discardsearch.archives.evaluate;

import java.util.List;

/**
 * Everything one evaluation run measured, written as JSON.
 *
 * @param split {@code calibration} or {@code test}
 * @param backbone the backbone folder's name
 * @param images images evaluated
 * @param engine the engine and its version
 * @param threads the engine's intra-op threads as configured, or {@code default}
 * @param referenceLayers the searched layers of the plain model row (the architecture's default)
 * @param budgets the budgets evaluated
 * @param sensitivity every subsampling layer's phase sensitivity (calibration only; empty on test)
 * @param selection what the calibration split chose
 * @param chosen the chosen configuration's result on this split (on test: read once, never tuned on)
 * @param officialDefault the official default's result: layers 1,2,3, order paper, entropy, B=16 (null when
 *     16 is not among the budgets)
 * @param methods every method's result
 * @param attention the attention modules used
 * @param timingImages images each method was timed on (batch 1), 0 if not timed
 * @param wallSeconds time of the whole run
 * @param command the command that produced the report
 */
public record EvaluationReport(String split, String backbone, int images, String engine, String threads,
        List<Integer> referenceLayers, List<Integer> budgets, List<LayerSensitivity> sensitivity,
        SelectionReport selection, MethodResult chosen, MethodResult officialDefault, List<MethodResult> methods,
        List<AttentionSummary> attention, int timingImages, double wallSeconds, String command) {

    /** Copies the lists. */
    public EvaluationReport {
        referenceLayers = List.copyOf(referenceLayers);
        budgets = List.copyOf(budgets);
        sensitivity = List.copyOf(sensitivity);
        methods = List.copyOf(methods);
        attention = List.copyOf(attention);
    }

    /**
     * One attention module used by the evaluation.
     *
     * @param layers the layers it was trained for
     * @param directory its folder
     * @param learningRate the learning rate kept
     * @param epoch the epoch kept
     * @param heldOutAccuracy its accuracy on the held-out calibration candidates
     * @param plainMeanHeldOutAccuracy the plain mean's accuracy on the same candidates
     */
    public record AttentionSummary(List<Integer> layers, String directory, float learningRate, int epoch,
            double heldOutAccuracy, double plainMeanHeldOutAccuracy) {

        /** Copies the list. */
        public AttentionSummary {
            layers = List.copyOf(layers);
        }
    }
}
