package io.containerengine.notifications.websocket;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Turns notifications into JSON once and hands them to the user's sockets. */
@Component
public class Notifier {

    private final SessionRegistry registry;
    private final JsonMapper json;

    public Notifier(SessionRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** @return the number of the user's sockets the notification was queued on */
    public int notify(UUID userId, Notification notification) {
        // Skip serialization when nobody of this user is connected here (the common case per instance).
        if (registry.connections(userId) == 0) {
            return 0;
        }
        return registry.push(userId, json.writeValueAsString(notification));
    }

    public int deploymentStatusChanged(UUID userId, UUID deploymentId, Instant at, String status, String url,
            String errorMessage) {
        return notify(userId, new Notification(Notification.DEPLOYMENT_STATUS_CHANGED, deploymentId, at,
                new Notification.StatusData(status, url, errorMessage)));
    }
}
