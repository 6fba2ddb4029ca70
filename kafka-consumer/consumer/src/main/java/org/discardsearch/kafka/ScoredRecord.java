package org.discardsearch.kafka;

import java.util.Objects;

import org.discardsearch.error.DiscardSearchException;

/**
 * A record after scoring: the arm that serves it, in shadow mode the other arm as well, or the error that sends
 * it to the dead-letter topic.
 *
 * @param record the record
 * @param primary the serving arm's result, or null on error
 * @param shadow in shadow mode the vanilla arm's result, else null
 * @param error the BAD_INPUT error, or null
 */
public record ScoredRecord(ImageRecord record, ArmScore primary, ArmScore shadow, DiscardSearchException error) {

    /** Checks that the record has either a result or an error. */
    public ScoredRecord {
        Objects.requireNonNull(record, "record");
        if ((primary == null) == (error == null) || (error != null && shadow != null)) {
            throw new IllegalArgumentException("A scored record has a result or an error");
        }
    }
}
