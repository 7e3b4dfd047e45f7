package io.containerengine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.Topics;

/** Reads ce.identity-events from the beginning, as any consumer of the topic would, and keeps what it saw. */
public final class IdentityEventsReader implements AutoCloseable {

    public record Received(String key, EventEnvelope event) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> seen = new ArrayList<>();

    public IdentityEventsReader(String brokers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.IDENTITY_EVENTS, Duration.ofSeconds(10))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
    }

    /** Waits (up to 10 s) for {@code count} events of {@code type} about {@code userId}, and returns them. */
    public List<EventEnvelope> await(UUID userId, String type, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<EventEnvelope> matching = matching(userId, type);
        while (matching.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                seen.add(new Received(record.key(), EventJson.read(record.value())));
            }
            matching = matching(userId, type);
        }
        assertThat(matching).as(type + " events of " + userId).hasSizeGreaterThanOrEqualTo(count);
        return matching;
    }

    public EventEnvelope awaitOne(UUID userId, String type) {
        return await(userId, type, 1).get(0);
    }

    /** Everything about {@code userId} seen so far, after reading what arrived within {@code settle}. */
    public List<EventEnvelope> all(UUID userId, String type, Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                seen.add(new Received(record.key(), EventJson.read(record.value())));
            }
        }
        return matching(userId, type);
    }

    private List<EventEnvelope> matching(UUID userId, String type) {
        return seen.stream()
                .filter(r -> r.key().equals(userId.toString()))
                .map(Received::event)
                .filter(e -> e.type().equals(type) && userId.equals(e.aggregateId()))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
