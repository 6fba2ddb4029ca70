/**
 * A/B statistics shared by the DJL Serving plugin, the Kafka consumer and the offline evaluation: stable arm
 * assignment, bounded latency summaries, the exact McNemar test, the paired accuracy difference with its
 * confidence interval, and a thread-safe report that accumulates them.
 *
 * <p>In: per-request outcomes (id, arm, predicted class, latency, optional label), paired shadow-mode
 * outcomes, and labels that arrive later. Out: immutable snapshots ({@link org.discardsearch.stats.AbReportSnapshot})
 * made of records with primitive components, ready to serialise. Undefined statistics (an accuracy with no
 * labels, a percentile with no samples) are {@code NaN}. Pure Java: nothing here touches an NDArray.
 */
package org.discardsearch.stats;
