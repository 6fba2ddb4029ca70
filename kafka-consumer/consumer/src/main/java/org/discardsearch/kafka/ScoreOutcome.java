package org.discardsearch.kafka;

import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.result.DiscardResult;

/**
 * What scoring one image gave: a result, or the error that rejected it. Exactly one of the two is set.
 *
 * @param result the result, or null
 * @param error the error, or null
 */
public record ScoreOutcome(DiscardResult result, DiscardSearchException error) {

    /** Checks that exactly one component is set. */
    public ScoreOutcome {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("An outcome is either a result or an error");
        }
    }

    /**
     * Returns a successful outcome.
     *
     * @param result the result
     * @return the outcome
     */
    public static ScoreOutcome of(DiscardResult result) {
        return new ScoreOutcome(result, null);
    }

    /**
     * Returns a failed outcome.
     *
     * @param error the error
     * @return the outcome
     */
    public static ScoreOutcome failed(DiscardSearchException error) {
        return new ScoreOutcome(null, error);
    }
}
