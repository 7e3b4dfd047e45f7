package io.containerengine.auth.sessions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.auth.events.IdentityEvents;

/**
 * Ends sessions in one place: the database (their refresh tokens die), the outbox event the gateways follow
 * ({@code SessionsRevoked}) and the Redis keys a restarting gateway loads. Runs in the caller's transaction.
 */
@Component
public class SessionRevocations {

    private final SessionRepository sessions;
    private final IdentityEvents events;
    private final RevocationStore store;

    public SessionRevocations(SessionRepository sessions, IdentityEvents events, RevocationStore store) {
        this.sessions = sessions;
        this.events = events;
        this.store = store;
    }

    /** Ends one session; nothing happens (and nothing is emitted) if it was already over. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean revoke(UUID userId, UUID sessionId, Instant now, String reason) {
        if (!sessions.revoke(sessionId, userId, now, reason)) {
            return false;
        }
        announce(userId, List.of(sessionId), reason);
        return true;
    }

    /** Ends every live session of the user except {@code keep} (null: all of them), naming each one. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> revokeAllExcept(UUID userId, UUID keep, Instant now, String reason) {
        List<UUID> revoked = sessions.revokeAllExcept(userId, keep, now, reason);
        if (!revoked.isEmpty()) {
            announce(userId, revoked, reason);
        }
        return revoked;
    }

    /**
     * Ends every session and every token the user holds, whatever the database still knows of them: the event
     * carries a not-before instant (whole seconds, like {@code iat}) instead of session ids.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void revokeEverything(UUID userId, Instant now, String reason) {
        sessions.revokeAllExcept(userId, null, now, reason);
        Instant notBefore = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        events.allSessionsRevoked(userId, notBefore, reason);
        store.notBefore(userId, notBefore);
    }

    private void announce(UUID userId, List<UUID> sessionIds, String reason) {
        events.sessionsRevoked(userId, sessionIds, reason);
        store.sessionsRevoked(userId, sessionIds);
    }
}
