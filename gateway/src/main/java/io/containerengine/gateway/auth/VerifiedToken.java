package io.containerengine.gateway.auth;

import java.util.UUID;

import io.containerengine.common.identity.InternalIdentity;

/**
 * An access token that passed every check, remembered until it expires. It also keeps the identity header
 * signed for its user and reuses it for a few seconds: the header lives 30 s, so a reused one still has
 * most of its life left when it reaches the service, and the gateway saves an HMAC per request.
 */
public final class VerifiedToken {

    private static final long IDENTITY_REUSE_MILLIS = 10_000;

    private final UUID userId;
    private final long expiresAtEpochSecond;
    private volatile SignedIdentity signed;

    VerifiedToken(UUID userId, long expiresAtEpochSecond) {
        this.userId = userId;
        this.expiresAtEpochSecond = expiresAtEpochSecond;
    }

    public UUID userId() {
        return userId;
    }

    public long expiresAtEpochSecond() {
        return expiresAtEpochSecond;
    }

    boolean isExpired(long nowEpochSecond) {
        return nowEpochSecond >= expiresAtEpochSecond;
    }

    /** The {@code X-CE-Identity} value for this user, signed now or a few seconds ago. */
    public String identityHeader(InternalIdentity identity, long nowMillis) {
        SignedIdentity current = signed;
        if (current == null || nowMillis - current.signedAtMillis() > IDENTITY_REUSE_MILLIS) {
            current = new SignedIdentity(identity.sign(userId), nowMillis);
            signed = current;
        }
        return current.header();
    }

    private record SignedIdentity(String header, long signedAtMillis) {
    }
}
