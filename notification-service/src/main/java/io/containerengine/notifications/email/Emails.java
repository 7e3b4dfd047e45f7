package io.containerengine.notifications.email;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.containerengine.notifications.work.Sql;
import tools.jackson.databind.json.JsonMapper;

/**
 * What other features ask for: queue an e-mail in the caller's transaction (deduplicated by the causing event),
 * and wake the sender once that transaction commits.
 */
@Component
public class Emails {

    private static final Logger log = LoggerFactory.getLogger(Emails.class);

    private final EmailOutbox outbox;
    private final UserDirectory users;
    private final EmailWorker worker;
    private final JsonMapper json;

    Emails(EmailOutbox outbox, UserDirectory users, EmailWorker worker, JsonMapper json) {
        this.outbox = outbox;
        this.users = users;
        this.worker = worker;
        this.json = json;
    }

    public void passwordReset(UUID eventId, UUID userId, String email, String username, String linkCiphertext,
            Instant expiresAt, Instant now) {
        if (email == null || email.isBlank() || linkCiphertext == null) {
            log.warn("Password reset event {} has no address or link; nothing to send", eventId);
            return;
        }
        queue("password_reset:" + eventId, EmailKinds.PASSWORD_RESET, userId, email,
                new EmailKinds.PasswordReset(username, linkCiphertext, expiresAt), expiresAt, now);
    }

    public void deploymentFailed(UUID eventId, UUID userId, UUID deploymentId, String appName, String errorMessage,
            Instant failedAt, Instant now) {
        Optional<UserDirectory.Contact> contact = users.find(userId);
        if (contact.isEmpty()) {
            log.info("No e-mail address known for user {} (no user.registered seen); deployment {} failure not mailed",
                    userId, deploymentId);
            return;
        }
        queue("deployment_failed:" + eventId, EmailKinds.DEPLOYMENT_FAILED, userId, contact.get().email(),
                new EmailKinds.DeploymentFailed(contact.get().username(), deploymentId, appName, errorMessage,
                        failedAt), null, now);
    }

    public void webhookDisabled(UUID webhookId, UUID userId, String url, int consecutiveFailures, Instant now) {
        Optional<UserDirectory.Contact> contact = users.find(userId);
        if (contact.isEmpty()) {
            log.info("No e-mail address known for user {}; disabled webhook {} not mailed", userId, webhookId);
            return;
        }
        queue("webhook_disabled:" + webhookId, EmailKinds.WEBHOOK_DISABLED, userId, contact.get().email(),
                new EmailKinds.WebhookDisabled(contact.get().username(), webhookId, url, consecutiveFailures),
                null, now);
    }

    private void queue(String dedupeKey, String kind, UUID userId, String recipient, Object params, Instant notAfter,
            Instant now) {
        if (outbox.enqueue(dedupeKey, kind, userId, recipient, json.writeValueAsString(params), notAfter, now)) {
            Sql.afterCommit(worker::wake);
        }
    }
}
