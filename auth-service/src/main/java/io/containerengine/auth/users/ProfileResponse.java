package io.containerengine.auth.users;

import java.time.Instant;
import java.util.UUID;

public record ProfileResponse(UUID id, String username, String email, Instant createdAt, Instant lastLogin,
        boolean isActive) {

    static ProfileResponse of(User user) {
        return new ProfileResponse(user.id(), user.username(), user.email(), user.createdAt(), user.lastLogin(),
                user.active());
    }
}
