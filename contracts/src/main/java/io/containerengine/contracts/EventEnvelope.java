package io.containerengine.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The envelope of every event on every topic. {@code eventId} is unique and is what consumers remember to
 * stay idempotent; {@code version} is the version of the payload's schema for {@code type}.
 *
 * @param payload the event's body; its record type is named by {@code type} (see {@link EventTypes})
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        UUID aggregateId,
        UUID userId,
        JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
    }

    /** Wraps a payload record in a new envelope with a fresh event id, at version 1. */
    public static EventEnvelope of(String type, UUID aggregateId, UUID userId, Object payload) {
        return new EventEnvelope(UUID.randomUUID(), type, 1, Instant.now(), aggregateId, userId,
                EventJson.mapper().valueToTree(payload));
    }

    /** The payload as the record its {@code type} names. */
    public <T> T payloadAs(Class<T> type) {
        return EventJson.mapper().treeToValue(payload, type);
    }
}
