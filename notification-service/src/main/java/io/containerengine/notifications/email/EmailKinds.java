package io.containerengine.notifications.email;

import java.time.Instant;
import java.util.UUID;

/** The e-mails this service sends, and the parameters stored with each (JSON in {@code email_outbox.params}). */
final class EmailKinds {

    static final String PASSWORD_RESET = "password_reset";
    static final String DEPLOYMENT_FAILED = "deployment_failed";
    static final String WEBHOOK_DISABLED = "webhook_disabled";

    private EmailKinds() {
    }

    /** The link stays sealed (SecretBox) at rest; it is opened only to render the message being sent. */
    record PasswordReset(String username, String resetLinkCiphertext, Instant expiresAt) {
    }

    record DeploymentFailed(String username, UUID deploymentId, String appName, String errorMessage,
            Instant failedAt) {
    }

    record WebhookDisabled(String username, UUID webhookId, String url, int consecutiveFailures) {
    }
}
