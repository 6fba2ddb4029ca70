/**
 * A/B experiments on a served model, independent of any transport: which arm a request goes to (a stable hash
 * of its id with the model's split, a forced arm, or both arms in shadow mode), what each arm is asked, how a
 * model's answer is read, labels that come back later, and the report as JSON-ready maps or an HTML page.
 *
 * <p>In: request ids and routing headers as text, the model's answers as bytes, labels. Out: routing
 * decisions, {@link org.discardsearch.stats.AbReport} records, and maps, lists, strings, numbers, booleans
 * and Gson trees that any JSON writer can serialise (undefined statistics are {@code null}, never
 * {@code NaN}). The DJL Serving plugin adapts Netty to this package; nothing here knows HTTP or DJL.
 *
 * <p>Bad input (a malformed id, arm, flag or label) raises a
 * {@link org.discardsearch.error.DiscardSearchException} of category
 * {@link org.discardsearch.error.ErrorCategory#BAD_INPUT} whose message names the field and what is allowed.
 */
package org.discardsearch.ab;
