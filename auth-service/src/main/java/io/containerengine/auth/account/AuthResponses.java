package io.containerengine.auth.account;

import java.time.Instant;
import java.util.UUID;

/** Response bodies of the /v1/auth endpoints. */
public final class AuthResponses {

    private AuthResponses() {
    }

    public record Session(String accessToken, String refreshToken, Instant expiresAt, UserSummary user) {
        @Override
        public String toString() {
            return "Session[user=" + user + "]";
        }
    }

    public record UserSummary(UUID id, String username, String email) {
    }

    /**
     * Answer of a refresh. Refresh tokens rotate, so besides the spec's {@code access_token} and
     * {@code expires_at} it carries the {@code refresh_token} to use next time (the presented one is spent).
     */
    public record Refreshed(String accessToken, String refreshToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Refreshed[expiresAt=" + expiresAt + "]";
        }
    }

    public record Message(String message) {
    }
}
