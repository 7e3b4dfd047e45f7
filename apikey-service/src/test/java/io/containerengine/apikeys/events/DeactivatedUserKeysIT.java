package io.containerengine.apikeys.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import io.containerengine.apikeys.AbstractApiKeyIT;
import io.containerengine.apikeys.TestHttp;
import io.containerengine.apikeys.TestHttp.Response;
import io.containerengine.apikeys.keys.ApiKeySecrets;
import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.ApiKeyRevoked;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import io.containerengine.contracts.Topics;

/** A user deactivated by auth-service ({@code user.sessions_revoked}, reason deactivated) loses every API key. */
class DeactivatedUserKeysIT extends AbstractApiKeyIT {

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;

    private final List<UUID> events = new ArrayList<>();
    private final Map<String, UUID> keyIds = new HashMap<>();

    @AfterEach
    void forgetEvents() {
        events.forEach(id -> jdbc.sql("delete from processed_events where event_id = ?").param(id).update());
    }

    @Test
    void deactivationRevokesEveryKeyOfTheUserWithAnEventEachAndRefusesThemForGood() {
        UUID user = newUser();
        UUID bystander = newUser();
        String first = createKey(user);
        String second = createKey(user);
        String other = createKey(bystander);
        Set<UUID> userKeys = Set.of(keyIdOf(first), keyIdOf(second));

        publish(sessionsRevoked(user, "deactivated"));

        await().atMost(Duration.ofSeconds(15)).until(() -> verify(first).status() == 404);
        assertThat(verify(second).status()).isEqualTo(404);
        assertThat(verify(other).status()).isEqualTo(200);
        assertThat(http.get("/v1/api-keys", identity(user)).json().get("pagination").get("total").asLong()).isZero();

        // each key leaves an ApiKeyRevoked keyed by its id, as the revoke endpoint does
        List<EventEnvelope> revoked = apiKeyEvents(userKeys, 2);
        assertThat(revoked).extracting(EventEnvelope::type).containsOnly(EventTypes.APIKEY_REVOKED);
        assertThat(revoked).extracting(e -> e.payloadAs(ApiKeyRevoked.class).keyId())
                .containsExactlyInAnyOrderElementsOf(userKeys);
        assertThat(revoked).extracting(e -> e.payloadAs(ApiKeyRevoked.class).userId()).containsOnly(user);

        // no new key for a deactivated user, even from a request that got past the gateway in time
        Response create = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "late")), identity(user));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("error").get("message").asString()).isEqualTo("Account is deactivated");
    }

    @Test
    void aKeyThatRacedTheRevocationIsStillRefused() {
        UUID user = newUser();
        publish(sessionsRevoked(user, "deactivated"));
        await().atMost(Duration.ofSeconds(15)).until(() -> deactivated(user));

        // inserted as if its create had committed just after the revocation
        String raced = createKeyDirectly(user);

        assertThat(verify(raced).status()).isEqualTo(404);
    }

    @Test
    void aRedeliveredDeactivationIsAppliedOnce() {
        UUID user = newUser();
        EventEnvelope deactivation = sessionsRevoked(user, "deactivated");
        publish(deactivation);
        await().atMost(Duration.ofSeconds(15)).until(() -> deactivated(user));
        UUID keyId = keyIdOf(createKeyDirectly(user));

        publish(deactivation); // the same event id again
        awaitGroupCaughtUp();

        assertThat(jdbc.sql("select revoked_at is null from api_keys where id = ?").param(keyId)
                .query(Boolean.class).single()).as("the repeat revoked nothing").isTrue();
    }

    @Test
    void otherRevocationReasonsLeaveTheKeysAlone() {
        UUID user = newUser();
        String key = createKey(user);
        for (String reason : List.of("logout", "password_changed", "password_reset", "refresh_token_reuse")) {
            publish(sessionsRevoked(user, reason));
        }
        awaitGroupCaughtUp();

        assertThat(verify(key).status()).isEqualTo(200);
        assertThat(deactivated(user)).isFalse();
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopic() {
        String key = "junk-" + UUID.randomUUID();
        send(key, "{not an event");

        List<ConsumerRecord<String, String>> dead = records(Topics.deadLetterOf(Topics.IDENTITY_EVENTS),
                r -> key.equals(r.key()), 1, Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo("{not an event");
    }

    private String createKey(UUID user) {
        Response created = http.post("/v1/api-keys", TestHttp.toJson(Map.of("name", "k")), identity(user));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().get("key").asString();
        keyIds.put(key, UUID.fromString(created.json().get("id").asString()));
        return key;
    }

    private UUID keyIdOf(String key) {
        return keyIds.get(key);
    }

    /** A live key row written straight to the table (the HTTP create refuses deactivated users). */
    private String createKeyDirectly(UUID user) {
        String key = "ce_dev_" + UUID.randomUUID().toString().replace("-", "") + "raced";
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into api_keys (id, user_id, name, key_hash, key_prefix, created_at)
                values (?, ?, 'raced', ?, 'ce_dev_race', now())""")
                .params(id, user, ApiKeySecrets.hash(key)).update();
        keyIds.put(key, id);
        return key;
    }

    private Response verify(String key) {
        return http.post("/internal/api-keys/verify", TestHttp.toJson(Map.of("key", key)),
                identity(InternalIdentity.SYSTEM));
    }

    private boolean deactivated(UUID user) {
        return jdbc.sql("select count(*) from deactivated_users where user_id = ?").param(user)
                .query(Long.class).single() > 0;
    }

    private EventEnvelope sessionsRevoked(UUID user, String reason) {
        EventEnvelope event = EventEnvelope.of(EventTypes.USER_SESSIONS_REVOKED, user, user,
                new SessionsRevoked(user, List.of(), Instant.now(), reason));
        events.add(event.eventId());
        return event;
    }

    private void publish(EventEnvelope event) {
        send(event.aggregateId().toString(), EventJson.write(event));
    }

    private void send(String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.IDENTITY_EVENTS, key, value));
        }
    }

    /** Waits until the shared group has committed every record of the identity topic (nothing left to apply). */
    private void awaitGroupCaughtUp() {
        try (AdminClient admin = AdminClient.create(Map.of(
                "bootstrap.servers", broker.getBrokersAsString()));
                KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.IDENTITY_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                var committed = admin.listConsumerGroupOffsets("apikey-service").partitionsToOffsetAndMetadata()
                        .get();
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        }
    }

    private List<EventEnvelope> apiKeyEvents(Set<UUID> ids, int count) {
        Set<String> keys = new HashSet<>();
        ids.forEach(id -> keys.add(id.toString()));
        return records(Topics.APIKEY_EVENTS, r -> keys.contains(r.key()), count, Duration.ofSeconds(15)).stream()
                .map(r -> EventJson.read(r.value())).toList();
    }

    /** Reads {@code topic} from the beginning until {@code count} matching records arrived or {@code wait} passed. */
    private List<ConsumerRecord<String, String>> records(String topic,
            Predicate<ConsumerRecord<String, String>> match, int count, Duration wait) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + wait.toNanos();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
            }
            return found;
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }
}
