/**
 * The Kafka adapter: consumes topics of images, scores them with the core pipeline ({@link
 * org.discardsearch.kafka.RecordScorer}), and writes results, dead letters and A/B reports. Also the commands
 * around it: the consumer itself, the producer that loads images into a topic, the main job on an embedded
 * broker, and the end-to-end benchmark. The adapter only translates between Kafka and the core and maps error
 * categories; what a prediction is, and the A/B statistics, live in the core.
 */
package org.discardsearch.kafka;
