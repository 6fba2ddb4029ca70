package org.discardsearch.error;

/**
 * What kind of failure an error is, so that each adapter can map it in one place: a bad input becomes an
 * HTTP 400 or a dead letter, a transient failure is retried, an internal one is an HTTP 500 or stops the
 * consumer without committing.
 */
public enum ErrorCategory {
    /** A configuration key or value is wrong; fix the configuration. */
    BAD_CONFIG,
    /** The request or record itself is wrong (corrupt image, wrong size, bad header); do not retry it. */
    BAD_INPUT,
    /** A temporary failure (capacity, timeout); the same input may succeed later. */
    TRANSIENT,
    /** A bug or an unexpected state of this system. */
    INTERNAL
}
