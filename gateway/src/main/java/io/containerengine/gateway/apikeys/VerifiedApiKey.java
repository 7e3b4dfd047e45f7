package io.containerengine.gateway.apikeys;

import java.util.UUID;

import io.containerengine.gateway.auth.AuthenticatedCaller;

/** An API key apikey-service vouched for: its owner, its id, and when it stops working (0: never). */
public final class VerifiedApiKey extends AuthenticatedCaller {

    private final UUID keyId;
    private final long expiresAtMillis;

    VerifiedApiKey(UUID userId, UUID keyId, long expiresAtMillis) {
        super(userId);
        this.keyId = keyId;
        this.expiresAtMillis = expiresAtMillis;
    }

    @Override
    public boolean forwardsCredential() {
        return false;
    }

    public UUID keyId() {
        return keyId;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }
}
