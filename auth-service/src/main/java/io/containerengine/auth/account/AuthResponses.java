package io.containerengine.auth.account;

import java.time.Instant;
import java.util.UUID;

/** Response bodies of the /v1/auth endpoints. */
public final class AuthResponses {

    private AuthResponses() {
    }

    public record Session(String accessToken, String refreshToken, Instant expiresAt, UserSummary user) {
    }

    public record UserSummary(UUID id, String username, String email) {
    }

    public record AccessToken(String accessToken, Instant expiresAt) {
    }

    public record Message(String message) {
    }
}
