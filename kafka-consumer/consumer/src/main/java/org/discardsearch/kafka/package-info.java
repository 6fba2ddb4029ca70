/**
 * The Kafka adapter: consumes topics of images, scores them with the core pipeline ({@link
 * org.discardsearch.kafka.RecordScorer}), and writes results, dead letters and A/B reports; the consumer command
 * and the group's report command. The adapter only translates between Kafka and the core and maps error
 * categories; what a prediction is, and the A/B statistics, live in the core. What runs beside the consumer (the
 * main job, its embedded broker, the producer, the benchmark) is in {@code org.discardsearch.kafka.tools}.
 */
package org.discardsearch.kafka;
