package io.containerengine.notifications.stats;

import java.time.Instant;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.notifications.webhooks.WebhookDeliveries;
import io.containerengine.notifications.webhooks.WebhookDispatcher;
import io.containerengine.notifications.websocket.Notification;
import io.containerengine.notifications.websocket.Notifier;
import io.containerengine.notifications.websocket.SessionRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /v1/notifications/test} and {@code /stats}: across channels, always about the caller only. */
@RestController
public class NotificationsController {

    private final SessionRegistry sockets;
    private final Notifier notifier;
    private final WebhookDispatcher webhooks;
    private final WebhookDeliveries deliveries;
    private final TransactionTemplate transactions;

    public NotificationsController(SessionRegistry sockets, Notifier notifier, WebhookDispatcher webhooks,
            WebhookDeliveries deliveries, TransactionTemplate transactions) {
        this.sockets = sockets;
        this.notifier = notifier;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.transactions = transactions;
    }

    /** Pushes to the caller's sockets on this instance at once, and schedules a delivery to each of their webhooks. */
    @GetMapping("/v1/notifications/test")
    Mono<TestSent> test(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        int delivered = notifier.notify(userId, new Notification(Notification.TEST_NOTIFICATION, null, Instant.now(),
                new Notification.MessageData("This is a test notification")));
        return Mono.fromCallable(() -> transactions.execute(tx -> webhooks.test(userId)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(scheduled -> new TestSent("Test notification sent", delivered, scheduled));
    }

    /**
     * The caller's own figures: sockets and pushes on this instance, deliveries to their own webhooks. Never another
     * user's and never a global count.
     */
    @GetMapping("/v1/notifications/stats")
    Mono<Stats> stats(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        int connections = sockets.connections(userId);
        long eventsSent = sockets.eventsSent(userId);
        return Mono.fromCallable(() -> deliveries.statsFor(userId))
                .subscribeOn(Schedulers.boundedElastic())
                .map(webhookStats -> new Stats(connections, eventsSent, webhookStats.total(),
                        webhookStats.succeeded(), webhookStats.pending(), webhookStats.failed(),
                        webhookStats.failedAttempts()));
    }

    /** @param deliveredTo the caller's sockets reached; @param webhooks deliveries scheduled to their endpoints */
    record TestSent(String message, int deliveredTo, int webhooks) {
    }

    record Stats(
            int connections,
            long eventsSent,
            long webhookDeliveries,
            long webhookDeliveriesSucceeded,
            long webhookDeliveriesPending,
            long webhookDeliveriesFailed,
            long webhookFailedAttempts) {
    }
}
