package io.containerengine.notifications.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.notifications.web.ApiException;

/** The per-user endpoint API behind {@link WebhookController}. Blocking (JDBC, DNS): callers use boundedElastic. */
@Service
public class WebhookService {

    static final int MAX_URL_LENGTH = 2048;
    static final int DELIVERY_LOG_LIMIT = 100;

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final SsrfGuard guard;
    private final SecretBox secretBox;
    private final WebhookProperties properties;

    WebhookService(WebhookEndpoints endpoints, WebhookDeliveries deliveries, SsrfGuard guard, SecretBox secretBox,
            WebhookProperties properties) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.guard = guard;
        this.secretBox = secretBox;
        this.properties = properties;
    }

    WebhookDtos.Webhook create(UUID userId, WebhookDtos.CreateWebhookRequest request) {
        String url = request.url() == null ? "" : request.url().trim();
        if (url.isEmpty()) {
            throw ApiException.invalid("url", "url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw ApiException.invalid("url", "url must be at most " + MAX_URL_LENGTH + " characters");
        }
        List<String> events = events(request.events());
        try {
            guard.check(url);
        } catch (SsrfGuard.RefusedException e) {
            throw ApiException.invalid("url", e.getMessage());
        }
        if (endpoints.countByUser(userId) >= properties.maxEndpointsPerUser()) {
            throw new ApiException(HttpStatus.CONFLICT, "Webhook limit reached",
                    "at most " + properties.maxEndpointsPerUser() + " webhooks per user");
        }
        String secret = WebhookSignature.newSecret();
        WebhookEndpoints.Endpoint endpoint = endpoints.create(userId, url, events, secretBox.encrypt(secret),
                Instant.now());
        return WebhookDtos.Webhook.of(endpoint, secret);
    }

    List<WebhookDtos.Webhook> list(UUID userId) {
        return endpoints.listByUser(userId).stream().map(e -> WebhookDtos.Webhook.of(e, null)).toList();
    }

    WebhookDtos.Webhook get(UUID userId, String id) {
        return WebhookDtos.Webhook.of(find(userId, id), null);
    }

    void delete(UUID userId, String id) {
        if (!endpoints.delete(parseId(id), userId)) {
            throw ApiException.notFound("Webhook");
        }
    }

    List<WebhookDtos.Delivery> deliveries(UUID userId, String id) {
        WebhookEndpoints.Endpoint endpoint = find(userId, id);
        return deliveries.listForEndpoint(endpoint.id(), DELIVERY_LOG_LIMIT).stream()
                .map(WebhookDtos.Delivery::of).toList();
    }

    /** Someone else's endpoint is "not found", exactly like a missing one: ids reveal nothing. */
    private WebhookEndpoints.Endpoint find(UUID userId, String id) {
        return endpoints.find(parseId(id), userId).orElseThrow(() -> ApiException.notFound("Webhook"));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Webhook");
        }
    }

    private static List<String> events(List<String> requested) {
        if (requested == null) {
            return WebhookEvents.SUBSCRIBABLE;
        }
        if (requested.isEmpty()) {
            throw ApiException.invalid("events", "events must name at least one of " + WebhookEvents.SUBSCRIBABLE);
        }
        List<String> events = new ArrayList<>(new LinkedHashSet<>(requested));
        for (String event : events) {
            if (event == null || !WebhookEvents.SUBSCRIBABLE.contains(event)) {
                throw ApiException.invalid("events", "events may contain only " + WebhookEvents.SUBSCRIBABLE);
            }
        }
        return List.copyOf(events);
    }
}
