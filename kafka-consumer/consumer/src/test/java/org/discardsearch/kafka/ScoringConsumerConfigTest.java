package org.discardsearch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.discardsearch.error.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoringConsumerConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> settings = new TreeMap<>();
        settings.put("bootstrap.servers", "127.0.0.1:9999");
        settings.put("discard.archive", "archives/tiny");
        return settings;
    }

    private static ScoringConsumerConfig parse(String key, String value) {
        Map<String, String> settings = minimal();
        settings.put(key, value);
        return ScoringConsumerConfig.parse(settings);
    }

    @Test
    void defaultsApplyWhenOnlyTheRequiredKeysAreGiven() {
        ScoringConsumerConfig config = ScoringConsumerConfig.parse(minimal());
        assertEquals(Path.of("archives/tiny"), config.archive());
        assertEquals(ScoringMode.SEARCH, config.mode());
        assertEquals(16, config.batchSize());
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, config.delivery());
        assertEquals(8, config.queueBatches());
        assertEquals(1000, config.commitIntervalMillis());
        assertEquals("images", config.inputTopic());
        assertEquals("discard-search", config.consumerProperties().get("group.id"));
    }

    @ParameterizedTest(name = "{0} = ''{1}'' is rejected")
    @CsvSource(delimiter = '|', value = {
        "discard.mode | best",
        "discard.batch.size | 0",
        "discard.batch.size | 3.5",
        "discard.batch.linger.ms | -1",
        "discard.queue.batches | 65",
        "discard.commit.interval.ms | -1",
        "discard.commit.interval.ms | 600001",
        "discard.split.search.fraction | 1.5",
        "discard.delivery | exactly_once",
        "discard.topics.create | yes",
        "discard.topic.input | '  '",
        "discard.record.max.bytes | 0",
    })
    void invalidValueIsRejectedNamingKeyAndValue(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(key, value));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void unknownKeyUnderOurPrefixFailsAndSuggestsTheClosest() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("discard.batch.sise", "8"));
        assertTrue(e.getMessage().contains("discard.batch.sise"), e.getMessage());
        assertTrue(e.getMessage().contains("discard.batch.size"), e.getMessage());
    }

    @Test
    void missingArchiveIsNamed() {
        Map<String, String> settings = minimal();
        settings.remove("discard.archive");
        ConfigException e = assertThrows(ConfigException.class, () -> ScoringConsumerConfig.parse(settings));
        assertTrue(e.getMessage().contains("discard.archive"), e.getMessage());
    }

    @Test
    void missingBootstrapServersIsNamed() {
        Map<String, String> settings = minimal();
        settings.remove("bootstrap.servers");
        ConfigException e = assertThrows(ConfigException.class, () -> ScoringConsumerConfig.parse(settings));
        assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = ''{1}'' is refused")
    @CsvSource(delimiter = '|', value = {
        "enable.auto.commit | true | enable.auto.commit",
        "consumer.enable.auto.commit | true | enable.auto.commit",
        "enable.idempotence | false | enable.idempotence",
        "producer.acks | 1 | acks",
        "value.deserializer | org.apache.kafka.common.serialization.StringDeserializer | value.deserializer",
    })
    void clientSettingsTheGuaranteeDependsOnCannotBeChanged(String key, String value, String clientKey) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(key, value));
        assertTrue(e.getMessage().contains(clientKey), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void plainKafkaKeysGoToEveryClientAndPrefixedOnesToOne() {
        Map<String, String> settings = minimal();
        settings.put("client.id", "scorer-1");
        settings.put("consumer.max.poll.records", "64");
        settings.put("producer.linger.ms", "50");
        ScoringConsumerConfig config = ScoringConsumerConfig.parse(settings);
        assertEquals("scorer-1", config.consumerProperties().get("client.id"));
        assertEquals("scorer-1", config.producerProperties().get("client.id"));
        assertEquals("scorer-1", config.adminProperties().get("client.id"));
        assertEquals("64", config.consumerProperties().get("max.poll.records"));
        assertFalse(config.producerProperties().containsKey("max.poll.records"));
        assertEquals("50", config.producerProperties().get("linger.ms"));
    }

    @Test
    void exactlyOnceDerivesAStableTransactionalIdFromTheStaticMember() {
        Map<String, String> settings = minimal();
        settings.put("discard.delivery", "exactly-once");
        settings.put("group.id", "scorers");
        settings.put("group.instance.id", "worker-1");
        ScoringConsumerConfig config = ScoringConsumerConfig.parse(settings);
        assertEquals("scorers-worker-1", config.producerProperties().get("transactional.id"));
        assertEquals("read_committed", config.consumerProperties().get("isolation.level"));
    }

    @Test
    void effectiveValuesListEveryKeyOnceAndHideSecrets() {
        Map<String, String> settings = minimal();
        settings.put("sasl.jaas.config", "secret-stuff");
        Map<String, String> values = ScoringConsumerConfig.parse(settings).effectiveValues();
        ConsumerKeys.KEYS.names().forEach(name -> assertTrue(values.containsKey(name), name));
        assertEquals("[hidden]", values.get("consumer.sasl.jaas.config"));
    }
}
