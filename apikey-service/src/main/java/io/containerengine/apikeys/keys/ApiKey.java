package io.containerengine.apikeys.keys;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code apikeys.api_keys}; holds the hash, never the key. */
public record ApiKey(UUID id, UUID userId, String name, String description, String keyHash, String keyPrefix,
        Instant createdAt, Instant expiresAt, Instant lastUsed, Instant revokedAt) {
}
