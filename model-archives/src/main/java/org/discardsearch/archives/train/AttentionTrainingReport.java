package org.discardsearch.archives.train;

import java.util.List;

/**
 * What an attention training run used and measured, written beside the module's parameters as JSON.
 *
 * @param backbone the backbone folder's name
 * @param layers the searched layers the module is trained for
 * @param budget candidates per image in the training search
 * @param search how the training candidates were searched
 * @param trainImages calibration images trained on
 * @param heldOutImages calibration images held out to choose the learning rate and the epoch
 * @param heldOutPerClass the held-out images per class asked for ({@link AttentionTraining#calibrationParts})
 * @param limit the calibration images used (the first ones), 0 = all
 * @param seed the seed of the run
 * @param epochs epochs per run
 * @param batchSize the batch size
 * @param weightDecay AdamW's decoupled weight decay
 * @param learningRates the grid tried, in order
 * @param runs one entry per learning rate, in grid order
 * @param keptRun the index in {@code runs} of the run kept
 * @param plainMeanHeldOutAccuracy the untrained module's (the plain mean's) held-out accuracy, in [0, 1]
 * @param plainMeanHeldOutLoss the untrained module's held-out loss
 * @param searchSeconds time spent building the candidate sets
 * @param wallSeconds time of the whole run
 */
public record AttentionTrainingReport(String backbone, List<Integer> layers, int budget, String search,
        int trainImages, int heldOutImages, int heldOutPerClass, int limit, int seed, int epochs, int batchSize, float weightDecay,
        List<Float> learningRates, List<Run> runs, int keptRun, double plainMeanHeldOutAccuracy,
        double plainMeanHeldOutLoss, double searchSeconds, double wallSeconds) {

    /** Copies the lists. */
    public AttentionTrainingReport {
        layers = List.copyOf(layers);
        learningRates = List.copyOf(learningRates);
        runs = List.copyOf(runs);
    }

    /**
     * Returns the held-out accuracy of the kept run's kept epoch.
     *
     * @return the accuracy in [0, 1]
     */
    public double keptHeldOutAccuracy() {
        Run run = runs.get(keptRun);
        return run.heldOutAccuracy().get(run.bestEpoch() - 1);
    }

    /**
     * One learning rate's run.
     *
     * @param learningRate the base learning rate
     * @param bestEpoch the epoch kept (from 1), by held-out accuracy
     * @param trainLoss mean training loss of each epoch
     * @param heldOutLoss held-out loss after each epoch
     * @param heldOutAccuracy held-out accuracy after each epoch
     */
    public record Run(float learningRate, int bestEpoch, List<Double> trainLoss, List<Double> heldOutLoss,
            List<Double> heldOutAccuracy) {

        /** Copies the lists. */
        public Run {
            trainLoss = List.copyOf(trainLoss);
            heldOutLoss = List.copyOf(heldOutLoss);
            heldOutAccuracy = List.copyOf(heldOutAccuracy);
        }
    }
}
