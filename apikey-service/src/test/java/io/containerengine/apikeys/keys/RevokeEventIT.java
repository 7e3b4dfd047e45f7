package io.containerengine.apikeys.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.containerengine.apikeys.AbstractApiKeyIT;
import io.containerengine.apikeys.TestHttp;
import io.containerengine.contracts.ApiKeyRevoked;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import tools.jackson.databind.JsonNode;

/** What the gateways hear when a key is revoked: ApiKeyRevoked on ce.apikey-events, keyed by the key id. */
class RevokeEventIT extends AbstractApiKeyIT {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void revokingAKeyEmitsApiKeyRevokedKeyedByTheKeyId() {
        UUID user = newUser();
        JsonNode key = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "k")), identity(user)).json();
        UUID keyId = UUID.fromString(key.get("id").asString());
        Instant before = Instant.now().minusSeconds(1);

        assertThat(http.delete("/v1/api-keys/" + keyId, identity(user)).status()).isEqualTo(200);

        ConsumerRecord<String, String> record = awaitRecord(keyId.toString());
        EventEnvelope event = EventJson.read(record.value());
        assertThat(event.type()).isEqualTo(EventTypes.APIKEY_REVOKED);
        assertThat(event.aggregateId()).isEqualTo(keyId);
        assertThat(event.userId()).isEqualTo(user);
        ApiKeyRevoked revoked = event.payloadAs(ApiKeyRevoked.class);
        assertThat(revoked.keyId()).isEqualTo(keyId);
        assertThat(revoked.userId()).isEqualTo(user);
        assertThat(revoked.revokedAt()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void aFailedRevocationEmitsNothing() {
        UUID owner = newUser();
        JsonNode key = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "k")), identity(owner)).json();
        String keyId = key.get("id").asString();

        assertThat(http.delete("/v1/api-keys/" + keyId, identity(newUser())).status()).isEqualTo(404);

        assertThat(records(keyId, Duration.ofSeconds(2))).isEmpty();
    }

    private ConsumerRecord<String, String> awaitRecord(String key) {
        List<ConsumerRecord<String, String>> found = records(key, Duration.ofSeconds(10));
        assertThat(found).as("records keyed " + key).hasSize(1);
        return found.get(0);
    }

    /** Reads the topic from the beginning until a record with {@code key} arrives or {@code wait} passes. */
    private List<ConsumerRecord<String, String>> records(String key, Duration wait) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(consumer.partitionsFor(Topics.APIKEY_EVENTS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + wait.toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
            return found;
        }
    }
}
