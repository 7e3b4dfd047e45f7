package io.containerengine.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A user asked to reset their password. The link carries a single-use token, so it travels only encrypted
 * ({@code SecretBox} with the platform's secrets key): integrations see that a reset was asked for, not the link.
 */
public record PasswordResetRequested(
        UUID userId,
        String email,
        String username,
        String resetLinkCiphertext,
        Instant expiresAt) {
}
