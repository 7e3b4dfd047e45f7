package io.containerengine.contracts;

import java.time.Instant;
import java.util.UUID;

public record ApiKeyRevoked(UUID keyId, UUID userId, Instant revokedAt) {
}
