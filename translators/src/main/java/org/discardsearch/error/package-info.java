/**
 * The errors this project raises on purpose, before any step of the data flow: {@link
 * org.discardsearch.error.DiscardSearchException} with its {@link org.discardsearch.error.ErrorCategory}, which
 * each adapter maps to an answer in one place (an HTTP status, a dead letter, a retry, an exit status), and
 * {@link org.discardsearch.error.ConfigException} for a wrong key or value. Every package may import this one;
 * it imports none of ours.
 */
package org.discardsearch.error;
