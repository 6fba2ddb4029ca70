/**
 * What runs beside the consumer, not in it: the main job on an embedded single-node KRaft broker
 * ({@link org.discardsearch.kafka.tools.EmbeddedKafkaBroker}), the producer command that loads PNG/JPEG files or
 * Fashion-MNIST into a topic, and the end-to-end throughput benchmark. These need the broker's jars and the
 * dataset reader, which the deployed consumer does not.
 */
package org.discardsearch.kafka.tools;
