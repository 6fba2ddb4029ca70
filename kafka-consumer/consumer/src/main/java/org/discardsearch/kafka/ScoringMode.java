package org.discardsearch.kafka;

/**
 * Which arm scores each record: written in the configuration as {@code search}, {@code vanilla}, {@code shadow}
 * or {@code split} ({@code discard.mode}).
 */
public enum ScoringMode {
    /** Every record is scored with discard search, at the archive's budget or the record's budget header. */
    SEARCH,
    /** Every record is scored by the plain model (budget 1). */
    VANILLA,
    /** Every record is scored by both arms; the result is the search arm's and carries the vanilla arm's too. */
    SHADOW,
    /** A stable hash of the record key sends a set fraction of the records to search, the rest to vanilla. */
    SPLIT
}
