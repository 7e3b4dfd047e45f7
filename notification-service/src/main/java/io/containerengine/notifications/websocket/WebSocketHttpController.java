package io.containerengine.notifications.websocket;

import java.time.Instant;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.notifications.web.ApiException;

/**
 * The plain-HTTP side of the notification feature. Upgrade requests on the WebSocket paths never get here
 * (see {@link WebSocketConfig}).
 */
@RestController
public class WebSocketHttpController {

    private final SessionRegistry registry;
    private final Notifier notifier;

    public WebSocketHttpController(SessionRegistry registry, Notifier notifier) {
        this.registry = registry;
        this.notifier = notifier;
    }

    @GetMapping(HealthWebSocketHandler.PATH)
    HealthWebSocketHandler.Health health() {
        return HealthWebSocketHandler.Health.of(registry);
    }

    @GetMapping(NotificationsWebSocketHandler.PATH)
    void notificationsWithoutUpgrade() {
        throw new ApiException(HttpStatus.BAD_REQUEST, "WebSocket upgrade required");
    }

    @GetMapping("/v1/notifications/test")
    TestSent test(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        int delivered = notifier.notify(userId, new Notification(Notification.TEST_NOTIFICATION, null, Instant.now(),
                new Notification.MessageData("This is a test notification")));
        return new TestSent("Test notification sent", delivered);
    }

    /** The caller's own figures only: other users' activity is none of their business. */
    @GetMapping("/v1/notifications/stats")
    Stats stats(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        return new Stats(registry.connections(userId), registry.eventsSent(userId));
    }

    record TestSent(String message, int deliveredTo) {
    }

    record Stats(int connections, long eventsSent) {
    }
}
