package io.containerengine.auth.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.containerengine.common.outbox.OutboxWriter;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.PasswordResetRequested;
import io.containerengine.contracts.SessionsRevoked;
import io.containerengine.contracts.Topics;
import io.containerengine.contracts.UserRegistered;

/**
 * The events of {@link Topics#IDENTITY_EVENTS}, keyed by user id. Each is written to the outbox in the caller's
 * transaction, so it is sent if and only if the change it reports committed.
 */
@Component
public class IdentityEvents {

    public static final String REASON_LOGOUT = "logout";
    public static final String REASON_PASSWORD_CHANGED = "password_changed";
    public static final String REASON_PASSWORD_RESET = "password_reset";
    public static final String REASON_REFRESH_TOKEN_REUSE = "refresh_token_reuse";
    public static final String REASON_DEACTIVATED = "deactivated";

    private final OutboxWriter outbox;

    public IdentityEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public void userRegistered(UUID userId, String username, String email) {
        emit(EventTypes.USER_REGISTERED, userId, new UserRegistered(userId, username, email));
    }

    /** @param resetLinkCiphertext the link sealed with the platform's secrets key, never the link itself */
    public void passwordResetRequested(UUID userId, String email, String username, String resetLinkCiphertext,
            Instant expiresAt) {
        emit(EventTypes.USER_PASSWORD_RESET_REQUESTED, userId,
                new PasswordResetRequested(userId, email, username, resetLinkCiphertext, expiresAt));
    }

    /** These sessions' tokens are dead. */
    public void sessionsRevoked(UUID userId, List<UUID> sessionIds, String reason) {
        emit(EventTypes.USER_SESSIONS_REVOKED, userId, new SessionsRevoked(userId, sessionIds, null, reason));
    }

    /** Every token of the user issued before {@code notBefore} is dead. */
    public void allSessionsRevoked(UUID userId, Instant notBefore, String reason) {
        emit(EventTypes.USER_SESSIONS_REVOKED, userId, new SessionsRevoked(userId, List.of(), notBefore, reason));
    }

    private void emit(String type, UUID userId, Object payload) {
        outbox.append(Topics.IDENTITY_EVENTS, EventEnvelope.of(type, userId, userId, payload));
    }
}
