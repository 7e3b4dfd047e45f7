package io.containerengine.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;

/** The auto-configured outbox against the real PostgreSQL and an embedded Kafka broker. */
@SpringBootTest(classes = OutboxRelayIT.App.class, properties = {
        "spring.main.web-application-type=none",
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "spring.datasource.hikari.schema=outbox_it",
        "spring.flyway.schemas=outbox_it",
        "spring.flyway.locations=classpath:db/outbox-it",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.kafka.producer.properties.linger.ms=0",
        "ce.identity.secret=outbox-it-identity-secret-0123456789abcdef",
        "ce.outbox.enabled=true",
        // An hour: anything delivered sooner was delivered because the commit woke the relay.
        "ce.outbox.poll-interval=1h" })
@EmbeddedKafka(partitions = 1, topics = { OutboxRelayIT.TOPIC, OutboxRelayIT.MANUAL_TOPIC })
class OutboxRelayIT {

    static final String TOPIC = "outbox-it";
    static final String MANUAL_TOPIC = "outbox-it-manual";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Autowired
    OutboxWriter writer;
    @Autowired
    OutboxRelay relay;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;

    TransactionTemplate tx;
    KafkaConsumer<String, String> consumer;
    final List<OutboxRelay> manualRelays = new ArrayList<>();

    @BeforeEach
    void setUp() {
        tx = new TransactionTemplate(transactions);
        jdbc.sql("delete from outbox_manual").update();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        // Assigned, not subscribed: no group to join, and every test reads from the beginning (filtering by key).
        consumer.assign(List.of(new TopicPartition(TOPIC, 0), new TopicPartition(MANUAL_TOPIC, 0)));
    }

    @AfterEach
    void tearDown() {
        manualRelays.forEach(OutboxRelay::stop);
        consumer.close();
    }

    @Test
    void isRunningAsAnAutoConfiguredLifecycleBean() {
        assertThat(relay.isRunning()).isTrue();
    }

    @Test
    void sendsCommittedEventsInOrderRightAfterTheCommit() {
        String key = UUID.randomUUID().toString();
        List<EventEnvelope> events = List.of(event(key), event(key), event(key));

        long committedAt = System.nanoTime();
        tx.executeWithoutResult(status -> events.forEach(e -> writer.append(TOPIC, key, e)));

        List<ConsumerRecord<String, String>> received = receive(key, 3);
        assertThat(Duration.ofNanos(System.nanoTime() - committedAt)).isLessThan(Duration.ofSeconds(5));
        assertThat(received).extracting(r -> EventJson.read(r.value()).eventId())
                .containsExactlyElementsOf(events.stream().map(EventEnvelope::eventId).toList());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from outbox where message_key = ? and published_at is null").param(key)
                .query(Long.class).single()).isZero());
    }

    @Test
    void keysByAggregateIdByDefault() {
        EventEnvelope event = event(UUID.randomUUID().toString());

        tx.executeWithoutResult(status -> writer.append(TOPIC, event));

        assertThat(receive(event.aggregateId().toString(), 1).get(0).key())
                .isEqualTo(event.aggregateId().toString());
    }

    @Test
    void sendsNothingForARolledBackTransaction() {
        String key = UUID.randomUUID().toString();
        EventEnvelope rolledBack = event(key);
        EventEnvelope committed = event(key);

        tx.executeWithoutResult(status -> {
            writer.append(TOPIC, key, rolledBack);
            status.setRollbackOnly();
        });
        tx.executeWithoutResult(status -> writer.append(TOPIC, key, committed));

        // One partition: had the rolled-back event been sent, it would arrive before the committed one.
        assertThat(receive(key, 1)).extracting(r -> EventJson.read(r.value()).eventId())
                .containsExactly(committed.eventId());
        assertThat(jdbc.sql("select count(*) from outbox where message_key = ?").param(key).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void refusesToAppendOutsideATransaction() {
        assertThatThrownBy(() -> writer.append(TOPIC, "k", event("k")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }

    @Test
    void fallbackPollSendsRowsNobodySignalled() {
        // As if another instance, or a crash between commit and send, left rows behind.
        String key = UUID.randomUUID().toString();
        insertManual(key, event(key));
        insertManual(key, event(key));
        OutboxRelay other = manualRelay(kafka, Duration.ofMillis(200));
        other.start();

        assertThat(receive(key, 2)).hasSize(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                "select count(*) from outbox_manual where published_at is null").query(Long.class).single() == 0);
    }

    @Test
    void marksOnlyTheRowsKafkaAcknowledgedAndKeepsTheRestForLater() {
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            insertManual(key, event(key));
        }
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> failing = mock(KafkaTemplate.class);
        when(failing.send(anyString(), any(), anyString())).thenReturn(CompletableFuture.completedFuture(null))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker gone")))
                .thenReturn(CompletableFuture.completedFuture(null));

        OutboxRelay.Batch batch = manualRelay(failing, Duration.ofHours(1)).relayBatch();

        assertThat(batch.fetched()).isEqualTo(3);
        assertThat(batch.published()).isEqualTo(1);
        assertThat(batch.failure()).isNotNull();
        assertThat(jdbc.sql("select published_at is not null from outbox_manual order by id").query(Boolean.class)
                .list()).containsExactly(true, false, false);

        // The next attempt sends the rest, in order.
        OutboxRelay.Batch retry = manualRelay(kafka, Duration.ofHours(1)).relayBatch();
        assertThat(retry.published()).isEqualTo(2);
        assertThat(receive(key, 2)).hasSize(2);
    }

    @Test
    void deletesPublishedRowsPastTheirRetentionOnly() {
        String key = UUID.randomUUID().toString();
        long old = insertManual(key, event(key));
        long recent = insertManual(key, event(key));
        long unpublished = insertManual(key, event(key));
        jdbc.sql("update outbox_manual set published_at = now() - interval '2 days', created_at = now() - interval "
                + "'2 days' where id = ?").param(old).update();
        jdbc.sql("update outbox_manual set published_at = now() - interval '1 hour' where id = ?").param(recent)
                .update();
        jdbc.sql("update outbox_manual set created_at = now() - interval '3 days' where id = ?").param(unpublished)
                .update();

        int deleted = manualRelay(kafka, Duration.ofHours(1)).deletePublishedBefore(Duration.ofDays(1));

        assertThat(deleted).isEqualTo(1);
        assertThat(jdbc.sql("select id from outbox_manual order by id").query(Long.class).list())
                .containsExactly(recent, unpublished);
    }

    private OutboxRelay manualRelay(KafkaTemplate<String, String> template, Duration poll) {
        OutboxProperties defaults = OutboxProperties.defaults();
        OutboxRelay relay = new OutboxRelay(jdbc, template, transactions, new OutboxSignal(),
                new OutboxProperties(true, "outbox_manual", poll, 10, Duration.ofSeconds(10),
                        defaults.lockTimeout(), defaults.retention(), defaults.cleanupInterval()));
        manualRelays.add(relay);
        return relay;
    }

    private long insertManual(String key, EventEnvelope event) {
        return jdbc.sql("insert into outbox_manual (topic, message_key, payload) values (?, ?, ?) returning id")
                .params(MANUAL_TOPIC, key, EventJson.write(event)).query(Long.class).single();
    }

    private List<ConsumerRecord<String, String>> receive(String key, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                if (key.equals(r.key())) {
                    received.add(r);
                }
            });
        }
        assertThat(received).as("records with key " + key).hasSize(count);
        return received;
    }

    private static EventEnvelope event(String key) {
        return EventEnvelope.of("test.happened", UUID.nameUUIDFromBytes(key.getBytes()), null,
                Map.of("value", UUID.randomUUID().toString()));
    }
}
