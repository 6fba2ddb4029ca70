package org.discardsearch.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Creates topics ahead of the first send, so that no topic comes into existence while records are in flight
 * (KAFKA-15591, docs/kafka.md §3).
 */
public final class Topics {

    private Topics() {
    }

    /**
     * Creates the topics that do not exist yet, with the cluster's default replication factor, and waits for the
     * creation to complete. Topics that exist are left as they are.
     *
     * @param admin the admin client
     * @param names the topic names
     * @param partitions the partition count of the topics created
     * @param topicConfig topic settings of the topics created, e.g. {@code max.message.bytes}
     * @throws DiscardSearchException of category TRANSIENT when the cluster does not answer
     */
    public static void create(Admin admin, Collection<String> names, int partitions, Map<String, String> topicConfig) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = names.stream().distinct().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, Optional.of(partitions), Optional.empty()).configs(topicConfig))
                    .toList();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new DiscardSearchException(ErrorCategory.TRANSIENT, "Creating topics " + names + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while creating topics " + names, e);
        }
    }

    /**
     * Returns a topic's partition count.
     *
     * @param admin the admin client
     * @param topic the topic
     * @return the count, or empty when the topic does not exist
     * @throws DiscardSearchException of category TRANSIENT when the cluster does not answer
     */
    public static Optional<Integer> partitions(Admin admin, String topic) {
        try {
            if (!admin.listTopics().names().get().contains(topic)) {
                return Optional.empty();
            }
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().size());
        } catch (ExecutionException e) {
            throw new DiscardSearchException(ErrorCategory.TRANSIENT, "Describing topic " + topic + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while describing " + topic, e);
        }
    }

    /**
     * Returns the largest record batch the broker accepts on a topic: its effective {@code max.message.bytes}
     * (the topic's own value, or the broker's {@code message.max.bytes}).
     *
     * @param admin the admin client
     * @param topic the topic
     * @return the limit in bytes, or empty when the topic does not exist
     * @throws DiscardSearchException of category TRANSIENT when the cluster does not answer
     */
    public static OptionalInt maxMessageBytes(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            var entry = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return OptionalInt.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return OptionalInt.empty();
            }
            throw new DiscardSearchException(ErrorCategory.TRANSIENT, "Describing the configuration of topic "
                    + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while describing " + topic, e);
        }
    }
}
