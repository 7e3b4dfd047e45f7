package io.containerengine.auth.users;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code auth.users}. Never leaves the service as is: controllers answer DTOs. */
public record User(UUID id, String username, String email, String passwordHash, boolean active,
        Instant createdAt, Instant updatedAt, Instant lastLogin) {

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + "]";
    }
}
