package io.containerengine.gateway.auth;

import java.util.UUID;

/**
 * An access token that passed every check: its user, its session ({@code sid}), when it was issued ({@code iat},
 * matched against the user's not-before) and when it expires.
 */
public final class VerifiedToken extends AuthenticatedCaller {

    private final UUID sessionId;
    private final long issuedAtEpochSecond;
    private final long expiresAtEpochSecond;

    VerifiedToken(UUID userId, UUID sessionId, long issuedAtEpochSecond, long expiresAtEpochSecond) {
        super(userId);
        this.sessionId = sessionId;
        this.issuedAtEpochSecond = issuedAtEpochSecond;
        this.expiresAtEpochSecond = expiresAtEpochSecond;
    }

    public UUID sessionId() {
        return sessionId;
    }

    public long issuedAtEpochSecond() {
        return issuedAtEpochSecond;
    }

    public long expiresAtEpochSecond() {
        return expiresAtEpochSecond;
    }

    boolean isExpired(long nowEpochSecond) {
        return nowEpochSecond >= expiresAtEpochSecond;
    }
}
