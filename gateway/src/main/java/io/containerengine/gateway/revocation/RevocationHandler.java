package io.containerengine.gateway.revocation;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import io.containerengine.gateway.apikeys.ApiKeyAuthenticator;
import io.containerengine.gateway.auth.RevokedSessions;
import io.containerengine.gateway.auth.TokenVerifier;

/**
 * Applies a revocation everywhere it matters, whether it came as an event or from the Redis snapshot: the
 * revocation list checked on every token, the token cache (purged at once) and the API key cache.
 * Every operation sets state, so a repeated event or a snapshot that overlaps events changes nothing.
 */
public class RevocationHandler {

    static final String REASON_DEACTIVATED = "deactivated";

    private final RevokedSessions revokedSessions;
    private final TokenVerifier tokens;
    private final ApiKeyAuthenticator apiKeys;
    private final long lifetimeSeconds;

    public RevocationHandler(RevokedSessions revokedSessions, TokenVerifier tokens, ApiKeyAuthenticator apiKeys,
            Duration accessTokenTtl) {
        this.revokedSessions = revokedSessions;
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.lifetimeSeconds = accessTokenTtl.toSeconds();
    }

    /** These sessions' access tokens are refused from now on. */
    public void sessionsRevoked(Collection<UUID> sessionIds) {
        for (UUID sid : sessionIds) {
            revokedSessions.revokeSession(sid, 0);
        }
        tokens.purgeSessions(sessionIds);
    }

    /**
     * The user's tokens issued before {@code notBeforeEpochSecond} are refused. Their cached API keys are dropped
     * too (the next use asks apikey-service again); a deactivated user's keys are refused here outright for as
     * long as the not-before is kept.
     */
    public void notBefore(UUID userId, long notBeforeEpochSecond, String reason) {
        revokedSessions.notBefore(userId, notBeforeEpochSecond);
        tokens.purgeUser(userId, notBeforeEpochSecond);
        if (REASON_DEACTIVATED.equals(reason)) {
            apiKeys.blockUser(userId, (notBeforeEpochSecond + lifetimeSeconds) * 1000);
        } else {
            apiKeys.evictUser(userId);
        }
    }

    public void apiKeyRevoked(UUID keyId) {
        apiKeys.revoked(keyId);
    }

    public void snapshotLoaded() {
        revokedSessions.snapshotLoaded();
    }
}
