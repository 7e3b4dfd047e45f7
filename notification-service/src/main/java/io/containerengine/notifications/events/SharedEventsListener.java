package io.containerengine.notifications.events;

import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.common.events.ProcessedEvents;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.PasswordResetRequested;
import io.containerengine.contracts.Topics;
import io.containerengine.contracts.UserRegistered;
import io.containerengine.notifications.NotificationProperties;
import io.containerengine.notifications.email.Emails;
import io.containerengine.notifications.email.UserDirectory;
import io.containerengine.notifications.webhooks.WebhookDispatcher;

/**
 * Work that must happen once across all instances: webhook deliveries and e-mails. One consumer group shared by
 * every instance ({@code notification-service}), so each event reaches one of them; the event id is recorded in
 * the same transaction as the work it creates, so a redelivered record creates nothing twice. The work itself runs
 * later from the persisted schedules.
 */
@Component
public class SharedEventsListener {

    public static final String LISTENER_ID = "notification-shared";

    private static final Logger log = LoggerFactory.getLogger(SharedEventsListener.class);

    private final ProcessedEvents processed;
    private final WebhookDispatcher webhooks;
    private final Emails emails;
    private final UserDirectory users;
    private final TransactionTemplate transactions;
    private final NotificationProperties properties;

    SharedEventsListener(ProcessedEvents processed, WebhookDispatcher webhooks, Emails emails, UserDirectory users,
            TransactionTemplate transactions, NotificationProperties properties) {
        this.processed = processed;
        this.webhooks = webhooks;
        this.emails = emails;
        this.users = users;
        this.transactions = transactions;
        this.properties = properties;
    }

    // A new group starts at the earliest offset: events published before this service first ran are not lost.
    @KafkaListener(id = LISTENER_ID, idIsGroup = false,
            groupId = "${ce.notifications.shared-group-id:notification-service}",
            topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS},
            containerFactory = SharedKafkaConfig.FACTORY,
            properties = "auto.offset.reset=earliest")
    public void onEvent(String value) {
        EventEnvelope event = EventJson.read(value);
        if (!isHandled(event.type())) {
            return;
        }
        Instant now = Instant.now();
        if (event.occurredAt().isBefore(now.minus(properties.maxEventAge()))) {
            log.info("Skipping {} {} from {}: older than {}", event.type(), event.eventId(), event.occurredAt(),
                    properties.maxEventAge());
            return;
        }
        transactions.executeWithoutResult(tx -> {
            if (!processed.markProcessed(event.eventId())) {
                return; // redelivered: its work was committed the first time
            }
            switch (event.type()) {
                case EventTypes.DEPLOYMENT_STATUS_CHANGED -> statusChanged(event, now);
                case EventTypes.USER_REGISTERED -> registered(event);
                case EventTypes.USER_PASSWORD_RESET_REQUESTED -> resetRequested(event, now);
                default -> throw new IllegalStateException("unhandled " + event.type());
            }
        });
    }

    private static boolean isHandled(String type) {
        return EventTypes.DEPLOYMENT_STATUS_CHANGED.equals(type) || EventTypes.USER_REGISTERED.equals(type)
                || EventTypes.USER_PASSWORD_RESET_REQUESTED.equals(type);
    }

    private void statusChanged(EventEnvelope event, Instant now) {
        DeploymentStatusChanged change = event.payloadAs(DeploymentStatusChanged.class);
        UUID userId = event.userId() != null ? event.userId() : change.userId();
        if (!StatusTransitions.isTransition(change)) {
            return;
        }
        webhooks.deploymentStatusChanged(event.eventId(), event.occurredAt(), userId, change);
        if (change.status() == DeploymentStatus.FAILED && userId != null) {
            emails.deploymentFailed(event.eventId(), userId, change.deploymentId(), change.appName(),
                    change.errorMessage(), event.occurredAt(), now);
        }
    }

    private void registered(EventEnvelope event) {
        UserRegistered user = event.payloadAs(UserRegistered.class);
        if (user.userId() != null && user.email() != null && !user.email().isBlank()) {
            users.remember(user.userId(), user.email(), user.username(), event.occurredAt());
        }
    }

    private void resetRequested(EventEnvelope event, Instant now) {
        PasswordResetRequested reset = event.payloadAs(PasswordResetRequested.class);
        UUID userId = reset.userId() != null ? reset.userId() : event.userId();
        if (userId != null && reset.email() != null && !reset.email().isBlank()) {
            users.remember(userId, reset.email(), reset.username(), event.occurredAt());
        }
        emails.passwordReset(event.eventId(), userId, reset.email(), reset.username(), reset.resetLinkCiphertext(),
                reset.expiresAt(), now);
    }
}
