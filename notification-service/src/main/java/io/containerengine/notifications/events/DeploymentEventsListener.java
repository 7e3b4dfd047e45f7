package io.containerengine.notifications.events;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.notifications.NotificationProperties;
import io.containerengine.notifications.websocket.Notifier;

/**
 * Pushes {@code deployment.status_changed} to the owner's sockets on this instance as soon as the record is
 * consumed. Each instance has its own consumer group ({@code spring.kafka.consumer.group-id}), so every
 * instance sees every event and a user is told whichever instance their socket is on.
 */
@Component
public class DeploymentEventsListener {

    public static final String LISTENER_ID = "deployment-events-push";

    private static final Logger log = LoggerFactory.getLogger(DeploymentEventsListener.class);

    private final Notifier notifier;
    private final RecentEventIds recent;

    public DeploymentEventsListener(Notifier notifier, NotificationProperties properties) {
        this.notifier = notifier;
        this.recent = new RecentEventIds(properties.recentEventIds());
    }

    // idIsGroup = false: the group is the per-instance one from configuration, not the listener id.
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.DEPLOYMENT_EVENTS)
    public void onEvent(String value) {
        EventEnvelope event = EventJson.read(value);
        if (!EventTypes.DEPLOYMENT_STATUS_CHANGED.equals(event.type()) || recent.contains(event.eventId())) {
            return;
        }
        DeploymentStatusChanged change = event.payloadAs(DeploymentStatusChanged.class);
        UUID userId = event.userId() != null ? event.userId() : change.userId();
        if (userId == null) {
            log.warn("Event {} names no user; nobody to notify", event.eventId());
        } else if (StatusTransitions.isTransition(change)) {
            notifier.deploymentStatusChanged(userId, change.deploymentId(), event.occurredAt(),
                    change.status() == null ? null : change.status().value(), change.url(), change.errorMessage());
        }
        // Remembered only once handled, so a retry after a failure still pushes.
        recent.add(event.eventId());
    }
}
