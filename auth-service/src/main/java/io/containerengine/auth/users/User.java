package io.containerengine.auth.users;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code auth.users}. Never leaves the service as is: controllers answer DTOs.
 *
 * @param tokensNotBefore tokens issued before it are refused (password reset, deactivation); null if never set
 */
public record User(UUID id, String username, String email, String passwordHash, boolean active,
        Instant createdAt, Instant updatedAt, Instant lastLogin, Instant tokensNotBefore) {

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + "]";
    }
}
