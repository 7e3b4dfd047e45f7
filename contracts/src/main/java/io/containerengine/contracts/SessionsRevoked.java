package io.containerengine.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens of these sessions are no longer accepted.
 *
 * @param sessionIds the revoked sessions ({@code sid} claim); empty means every session of the user
 * @param notBefore  with an empty {@code sessionIds}: tokens issued before this instant are refused
 * @param reason     logout, password_changed, password_reset, refresh_token_reuse, deactivated
 */
public record SessionsRevoked(UUID userId, List<UUID> sessionIds, Instant notBefore, String reason) {

    public SessionsRevoked {
        sessionIds = sessionIds == null ? List.of() : List.copyOf(sessionIds);
    }
}
