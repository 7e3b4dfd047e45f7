package io.containerengine.gateway.revocation;

import io.containerengine.contracts.ApiKeyRevoked;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import io.containerengine.gateway.events.StateEventsListener;

/**
 * Follows {@code ce.identity-events} ({@code user.sessions_revoked}) and {@code ce.apikey-events}
 * ({@code apikey.revoked}) and applies them through {@link RevocationHandler}; other types are not the gateway's
 * business. Each time the consumer gets its partitions, the Redis snapshot is loaded again: whatever was revoked
 * while it was not following the topics is in there.
 */
public class IdentityEventsListener extends StateEventsListener {

    private final RevocationHandler handler;
    private final RevocationSnapshotLoader snapshot;

    public IdentityEventsListener(RevocationHandler handler, RevocationSnapshotLoader snapshot) {
        this.handler = handler;
        this.snapshot = snapshot;
    }

    @Override
    protected void apply(EventEnvelope envelope) {
        switch (envelope.type()) {
            case EventTypes.USER_SESSIONS_REVOKED -> apply(envelope.payloadAs(SessionsRevoked.class), envelope);
            case EventTypes.APIKEY_REVOKED -> {
                ApiKeyRevoked revoked = envelope.payloadAs(ApiKeyRevoked.class);
                handler.apiKeyRevoked(revoked.keyId() != null ? revoked.keyId() : envelope.aggregateId());
            }
            default -> {
                // registrations, reset e-mails: nothing to do at the edge
            }
        }
    }

    private void apply(SessionsRevoked revoked, EventEnvelope envelope) {
        if (!revoked.sessionIds().isEmpty()) {
            handler.sessionsRevoked(revoked.sessionIds());
        }
        if (revoked.notBefore() != null) {
            var user = revoked.userId() != null ? revoked.userId() : envelope.aggregateId();
            handler.notBefore(user, revoked.notBefore().getEpochSecond(), revoked.reason());
        }
    }

    @Override
    protected void partitionsAssigned() {
        snapshot.reload();
    }
}
