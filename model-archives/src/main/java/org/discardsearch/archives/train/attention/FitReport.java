package org.discardsearch.archives.train.attention;

import java.util.List;

/**
 * The outcome of {@link AttentionTrainer#fit}: one row per epoch and the epoch whose parameters were kept.
 *
 * @param epochs the statistics of every epoch, in order; copied
 * @param bestEpoch the epoch (from 1) with the highest held-out accuracy, the earliest on ties
 */
public record FitReport(List<EpochStats> epochs, int bestEpoch) {

    /**
     * Copies the rows.
     *
     * @throws IllegalArgumentException if {@code bestEpoch} is not one of the rows
     */
    public FitReport {
        epochs = List.copyOf(epochs);
        if (bestEpoch < 1 || bestEpoch > epochs.size()) {
            throw new IllegalArgumentException("bestEpoch = " + bestEpoch + " outside 1.." + epochs.size());
        }
    }

    /**
     * Returns the statistics of the kept epoch.
     *
     * @return the best epoch's row
     */
    public EpochStats best() {
        return epochs.get(bestEpoch - 1);
    }
}
