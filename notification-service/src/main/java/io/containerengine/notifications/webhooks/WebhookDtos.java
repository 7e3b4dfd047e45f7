package io.containerengine.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.containerengine.common.web.RejectUnknownFields;

/** Request and response bodies of {@code /v1/webhooks} (snake_case). */
final class WebhookDtos {

    private WebhookDtos() {
    }

    /** @param events what to receive; omitted = every deployment event (so a misspelt "event" must not be ignored) */
    @RejectUnknownFields
    record CreateWebhookRequest(String url, List<String> events) {
    }

    /** An endpoint; {@code secret} only in the creation response (shown once). */
    record Webhook(
            UUID id,
            String url,
            List<String> events,
            boolean enabled,
            int consecutiveFailures,
            Instant createdAt,
            Instant disabledAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        static Webhook of(WebhookEndpoints.Endpoint endpoint, String secret) {
            return new Webhook(endpoint.id(), endpoint.url(), endpoint.events(), endpoint.enabled(),
                    endpoint.consecutiveFailures(), endpoint.createdAt(), endpoint.disabledAt(), secret);
        }
    }

    record WebhookList(List<Webhook> webhooks) {
    }

    record Delivery(
            UUID id,
            UUID eventId,
            String eventType,
            String status,
            int attempts,
            Integer lastResponseCode,
            String lastError,
            Instant nextAttemptAt,
            Instant lastAttemptAt,
            Instant deliveredAt,
            Instant createdAt) {

        static Delivery of(WebhookDeliveries.Delivery d) {
            // While an attempt runs, next_attempt_at holds the claim's lease, not a scheduled retry.
            Instant next = WebhookDeliveries.PENDING.equals(d.status()) ? d.nextAttemptAt() : null;
            return new Delivery(d.id(), d.eventId(), d.eventType(), d.status(), d.attempts(), d.lastResponseCode(),
                    d.lastError(), next, d.lastAttemptAt(), d.deliveredAt(), d.createdAt());
        }
    }

    record DeliveryList(List<Delivery> deliveries) {
    }

    record Message(String message) {
    }
}
