package io.containerengine.gateway.auth;

import java.util.UUID;

import io.containerengine.common.identity.InternalIdentity;

/**
 * A caller that passed the gateway's checks (an access token or an API key), kept in a cache until it expires.
 * It also keeps the identity header signed for its user and reuses it for a few seconds: the header lives 30 s,
 * so a reused one still has most of its life left when it reaches the service, and the gateway saves an HMAC
 * per request.
 */
public abstract class AuthenticatedCaller {

    private static final long IDENTITY_REUSE_MILLIS = 10_000;

    private final UUID userId;
    private volatile SignedIdentity signed;

    protected AuthenticatedCaller(UUID userId) {
        this.userId = userId;
    }

    public final UUID userId() {
        return userId;
    }

    /**
     * Whether the client's {@code Authorization} goes on to the service. Access tokens do (auth-service's logout
     * reads the session from it); API keys don't: no service needs a long-lived secret, so it stops at the edge.
     */
    public boolean forwardsCredential() {
        return true;
    }

    /** The {@code X-CE-Identity} value for this user, signed now or a few seconds ago. */
    public final String identityHeader(InternalIdentity identity, long nowMillis) {
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
