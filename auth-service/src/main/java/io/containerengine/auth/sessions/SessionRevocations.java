package io.containerengine.auth.sessions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.auth.events.IdentityEvents;
import io.containerengine.auth.users.UserRepository;

/**
 * Ends sessions in one place: the database (their refresh tokens die; a not-before revocation also raises the user's
 * {@code tokens_not_before}), the outbox event the gateways follow ({@code SessionsRevoked}) and the Redis keys a
 * restarting gateway loads. Runs in the caller's transaction.
 */
@Component
public class SessionRevocations {

    private final SessionRepository sessions;
    private final IdentityEvents events;
    private final RevocationStore store;
    private final UserRepository users;

    public SessionRevocations(SessionRepository sessions, IdentityEvents events, RevocationStore store,
            UserRepository users) {
        this.sessions = sessions;
        this.events = events;
        this.store = store;
        this.users = users;
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
     * carries a not-before instant instead of session ids. It is whole seconds, like {@code iat}, and rounded UP
     * to the second after {@code now}: a token issued earlier in the same second has {@code iat <= now's second}
     * and must be refused ({@code iat < not_before}). Tokens issued from now on get {@code iat >= not_before}
     * ({@link io.containerengine.auth.tokens.JwtTokens#issue(UUID, UUID, io.containerengine.auth.tokens.TokenType,
     * Instant)} with the user's stored not-before), so a login right after the revocation works at once.
     *
     * @return the not-before
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Instant revokeEverything(UUID userId, Instant now, String reason) {
        sessions.revokeAllExcept(userId, null, now, reason);
        Instant notBefore = notBeforeAfter(now);
        users.raiseTokensNotBefore(userId, notBefore);
        events.allSessionsRevoked(userId, notBefore, reason);
        store.notBefore(userId, notBefore);
        return notBefore;
    }

    /** The first whole second after {@code now} (callers pass an instant already truncated to the second). */
    static Instant notBeforeAfter(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    private void announce(UUID userId, List<UUID> sessionIds, String reason) {
        events.sessionsRevoked(userId, sessionIds, reason);
        store.sessionsRevoked(userId, sessionIds);
    }
}
