package io.containerengine.notifications.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.notifications.work.Sql;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns events into scheduled deliveries (in the caller's transaction): one row per receiving endpoint, the body
 * fixed now so every retry sends the same bytes. The worker is woken once the rows are committed.
 */
@Component
public class WebhookDispatcher {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final DeliveryWorker worker;
    private final WebhookProperties properties;
    private final JsonMapper json;

    WebhookDispatcher(WebhookEndpoints endpoints, WebhookDeliveries deliveries, DeliveryWorker worker,
            WebhookProperties properties, JsonMapper json) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.worker = worker;
        this.properties = properties;
        this.json = json;
    }

    /** @return deliveries scheduled (global URL included) */
    public int deploymentStatusChanged(UUID eventId, Instant occurredAt, UUID userId, DeploymentStatusChanged change) {
        String type = WebhookEvents.typeOf(change.status());
        if (type == null) {
            return 0;
        }
        Instant now = Instant.now();
        int scheduled = 0;
        if (properties.globalUrl() != null) {
            String body = json.writeValueAsString(payload(type, occurredAt, userId, change, null));
            if (deliveries.enqueue(null, userId, eventId, type, properties.globalUrl(), body, now)) {
                scheduled++;
            }
        }
        if (userId != null) {
            List<WebhookEndpoints.Target> targets = endpoints.targets(userId, type);
            if (!targets.isEmpty()) {
                String error = WebhookEvents.DEPLOYMENT_FAILED.equals(type) ? change.errorMessage() : null;
                String body = json.writeValueAsString(payload(type, occurredAt, userId, change, error));
                for (WebhookEndpoints.Target target : targets) {
                    if (deliveries.enqueue(target.id(), userId, eventId, type, target.url(), body, now)) {
                        scheduled++;
                    }
                }
            }
        }
        if (scheduled > 0) {
            Sql.afterCommit(worker::wake);
        }
        return scheduled;
    }

    /** A test event to each enabled endpoint of the user, whatever it subscribed to. */
    public int test(UUID userId) {
        Instant now = Instant.now();
        UUID eventId = UUID.randomUUID();
        String body = json.writeValueAsString(new WebhookPayloads.Test(WebhookEvents.TEST, now, userId,
                new WebhookPayloads.Message("This is a test notification")));
        int scheduled = 0;
        for (WebhookEndpoints.Target target : endpoints.targets(userId, null)) {
            if (deliveries.enqueue(target.id(), userId, eventId, WebhookEvents.TEST, target.url(), body, now)) {
                scheduled++;
            }
        }
        if (scheduled > 0) {
            Sql.afterCommit(worker::wake);
        }
        return scheduled;
    }

    private static WebhookPayloads.Deployment payload(String type, Instant occurredAt, UUID userId,
            DeploymentStatusChanged change, String errorMessage) {
        return new WebhookPayloads.Deployment(change.deploymentId(), WebhookEvents.statusWord(type), type, occurredAt,
                change.appName(), userId, change.url(), errorMessage);
    }
}
