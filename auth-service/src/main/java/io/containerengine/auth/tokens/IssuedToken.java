package io.containerengine.auth.tokens;

import java.time.Instant;
import java.util.UUID;

/** A signed JWT and the facts about it the service needs to remember or answer. */
public record IssuedToken(String token, UUID jti, UUID userId, Instant issuedAt, Instant expiresAt) {
}
