package io.containerengine.apikeys.events;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.apikeys.keys.ApiKeyService;
import io.containerengine.common.events.ProcessedEvents;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import io.containerengine.contracts.Topics;

/**
 * Follows {@code ce.identity-events} in the shared group {@code apikey-service} (one instance handles each event):
 * when auth-service deactivates a user ({@code user.sessions_revoked} with reason {@code deactivated}), every key
 * of that user is revoked for good. The event id is recorded in the same transaction as the revocation, so a
 * redelivered event changes nothing. Failures are retried, then dead-lettered ({@link IdentityEventsConfig}).
 */
@Component
public class IdentityEventsListener {

    /** {@code SessionsRevoked.reason} when the user was deactivated. */
    public static final String REASON_DEACTIVATED = "deactivated";

    private static final Logger log = LoggerFactory.getLogger(IdentityEventsListener.class);

    private final ApiKeyService keys;
    private final ProcessedEvents processed;
    private final TransactionTemplate transactions;

    public IdentityEventsListener(ApiKeyService keys, ProcessedEvents processed,
            PlatformTransactionManager transactionManager) {
        this.keys = keys;
        this.processed = processed;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    // A new group starts at the earliest offset: a deactivation published while this service was away still counts.
    @KafkaListener(id = "apikey-identity-events", groupId = "apikey-service", topics = Topics.IDENTITY_EVENTS,
            properties = "auto.offset.reset=earliest")
    public void onIdentityEvent(String value) {
        EventEnvelope event = EventJson.read(value);
        if (!EventTypes.USER_SESSIONS_REVOKED.equals(event.type())) {
            return;
        }
        SessionsRevoked revoked = event.payloadAs(SessionsRevoked.class);
        if (!REASON_DEACTIVATED.equals(revoked.reason())) {
            return; // logout, password change...: API keys outlive sessions
        }
        UUID userId = revoked.userId() != null ? revoked.userId() : event.userId();
        if (userId == null) {
            throw new IllegalArgumentException("user.sessions_revoked without a user id");
        }
        List<UUID> revokedKeys = transactions.execute(tx -> processed.markProcessed(event.eventId())
                ? keys.revokeAllOfDeactivatedUser(userId) : null);
        if (revokedKeys != null) {
            log.info("User {} deactivated: {} API key(s) revoked", userId, revokedKeys.size());
        }
    }
}
