package io.containerengine.notifications.webhooks;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Bodies POSTed to receivers (snake_case through the application's JSON mapper). */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    /**
     * The spec's deployment payload, field order as documented. {@code error_message} is added for the user's own
     * endpoints on failures only (the global URL gets the spec's fields exactly).
     */
    record Deployment(
            UUID deploymentId,
            String status,
            String type,
            Instant timestamp,
            String appName,
            UUID userId,
            String url,
            @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage) {
    }

    record Test(String type, Instant timestamp, UUID userId, Message data) {
    }

    record Message(String message) {
    }
}
