package io.containerengine.notifications.email;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import io.containerengine.common.crypto.SecretBox;
import tools.jackson.databind.json.JsonMapper;

/** Renders stored e-mails into plain text + HTML. No template engine: three short messages do not need one. */
@Component
class EmailTemplates {

    /** The stored e-mail can never be rendered (bad parameters, secret that does not decrypt): not retried. */
    static final class UnrenderableException extends RuntimeException {
        UnrenderableException(String message) {
            super(message, null, false, false);
        }
    }

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final JsonMapper json;
    private final ObjectProvider<SecretBox> secretBox;

    EmailTemplates(JsonMapper json, ObjectProvider<SecretBox> secretBox) {
        this.json = json;
        this.secretBox = secretBox;
    }

    OutgoingEmail render(String kind, String recipient, String params) {
        return switch (kind) {
            case EmailKinds.PASSWORD_RESET -> passwordReset(recipient,
                    json.readValue(params, EmailKinds.PasswordReset.class));
            case EmailKinds.DEPLOYMENT_FAILED -> deploymentFailed(recipient,
                    json.readValue(params, EmailKinds.DeploymentFailed.class));
            case EmailKinds.WEBHOOK_DISABLED -> webhookDisabled(recipient,
                    json.readValue(params, EmailKinds.WebhookDisabled.class));
            default -> throw new UnrenderableException("unknown e-mail kind " + kind);
        };
    }

    private OutgoingEmail passwordReset(String to, EmailKinds.PasswordReset p) {
        SecretBox box = secretBox.getIfAvailable();
        if (box == null) {
            throw new UnrenderableException("ce.secrets.key (SECRETS_KEY) is not set: the reset link cannot be opened");
        }
        String link;
        try {
            link = box.decrypt(p.resetLinkCiphertext());
        } catch (IllegalArgumentException e) {
            throw new UnrenderableException("the reset link does not decrypt with this SECRETS_KEY");
        }
        String until = p.expiresAt() == null ? "" : " (valid until " + WHEN.format(p.expiresAt()) + ")";
        String text = greeting(p.username()) + "\n\n"
                + "Someone, hopefully you, asked to reset the password of your Container Engine account.\n"
                + "Open this link to choose a new password" + until + ":\n\n"
                + link + "\n\n"
                + "If you did not ask for this, ignore this e-mail: your password stays unchanged.\n";
        String html = page("<p>" + esc(greeting(p.username())) + "</p>"
                + "<p>Someone, hopefully you, asked to reset the password of your Container Engine account. "
                + "Open this link to choose a new password" + esc(until) + ":</p>"
                + "<p><a href=\"" + esc(link) + "\">" + esc(link) + "</a></p>"
                + "<p>If you did not ask for this, ignore this e-mail: your password stays unchanged.</p>");
        return new OutgoingEmail(to, "Reset your Container Engine password", text, html);
    }

    private OutgoingEmail deploymentFailed(String to, EmailKinds.DeploymentFailed p) {
        String reason = p.errorMessage() == null || p.errorMessage().isBlank() ? "no reason was reported"
                : p.errorMessage();
        String at = p.failedAt() == null ? "" : " at " + WHEN.format(p.failedAt());
        String text = greeting(p.username()) + "\n\n"
                + "Your deployment \"" + p.appName() + "\" failed" + at + ".\n\n"
                + "Reason: " + reason + "\n"
                + "Deployment id: " + p.deploymentId() + "\n\n"
                + "Check its logs and status with the API (GET /v1/deployments/" + p.deploymentId() + ").\n";
        String html = page("<p>" + esc(greeting(p.username())) + "</p>"
                + "<p>Your deployment <strong>" + esc(p.appName()) + "</strong> failed" + esc(at) + ".</p>"
                + "<p>Reason: " + esc(reason) + "<br>Deployment id: <code>" + p.deploymentId() + "</code></p>"
                + "<p>Check its logs and status with the API (<code>GET /v1/deployments/" + p.deploymentId()
                + "</code>).</p>");
        return new OutgoingEmail(to, "Deployment failed: " + p.appName(), text, html);
    }

    private OutgoingEmail webhookDisabled(String to, EmailKinds.WebhookDisabled p) {
        String text = greeting(p.username()) + "\n\n"
                + "Your webhook endpoint " + p.url() + " (id " + p.webhookId() + ") was disabled after "
                + p.consecutiveFailures() + " consecutive failed deliveries.\n"
                + "It receives no more events. Fix the receiver, then create the webhook again "
                + "(POST /v1/webhooks); its delivery log stays readable at GET /v1/webhooks/" + p.webhookId()
                + "/deliveries.\n";
        String html = page("<p>" + esc(greeting(p.username())) + "</p>"
                + "<p>Your webhook endpoint <code>" + esc(p.url()) + "</code> (id <code>" + p.webhookId()
                + "</code>) was disabled after " + p.consecutiveFailures() + " consecutive failed deliveries.</p>"
                + "<p>It receives no more events. Fix the receiver, then create the webhook again "
                + "(<code>POST /v1/webhooks</code>); its delivery log stays readable at <code>GET /v1/webhooks/"
                + p.webhookId() + "/deliveries</code>.</p>");
        return new OutgoingEmail(to, "Webhook disabled: " + p.url(), text, html);
    }

    static boolean expired(Instant notAfter, Instant now) {
        return notAfter != null && now.isAfter(notAfter);
    }

    private static String greeting(String username) {
        return username == null || username.isBlank() ? "Hello," : "Hello " + username + ",";
    }

    private static String page(String body) {
        return "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">" + body + "</body></html>";
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
