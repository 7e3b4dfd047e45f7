package io.containerengine.contracts;

import java.util.UUID;

public record UserRegistered(UUID userId, String username, String email) {
}
