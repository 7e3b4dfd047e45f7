package io.containerengine.auth.tokens;

import java.time.Instant;
import java.util.UUID;

/**
 * A signed JWT and the facts about it the service needs to remember or answer.
 *
 * @param sessionId the session ({@code sid} claim): the refresh-token family this token belongs to
 */
public record IssuedToken(String token, UUID jti, UUID userId, UUID sessionId, Instant issuedAt,
        Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedToken[jti=" + jti + ", sid=" + sessionId + "]";
    }
}
