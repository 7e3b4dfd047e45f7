package io.containerengine.gateway.revocation;

import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListener;

import io.containerengine.contracts.ApiKeyRevoked;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;

/**
 * Follows {@code ce.identity-events} ({@code user.sessions_revoked}) and {@code ce.apikey-events}
 * ({@code apikey.revoked}) and applies them through {@link RevocationHandler}; other types are not the gateway's
 * business. Applying sets state, so repeats change nothing (no processed-id bookkeeping needed). Each time the
 * consumer gets its partitions, the Redis snapshot is loaded again: whatever was revoked while it was not
 * following the topics is in there.
 */
public class IdentityEventsListener implements MessageListener<String, String>, ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(IdentityEventsListener.class);

    private final RevocationHandler handler;
    private final RevocationSnapshotLoader snapshot;

    public IdentityEventsListener(RevocationHandler handler, RevocationSnapshotLoader snapshot) {
        this.handler = handler;
        this.snapshot = snapshot;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        EventEnvelope envelope;
        try {
            envelope = EventJson.read(record.value());
        } catch (RuntimeException e) {
            // a record that can't be read will never become readable: skip it rather than retry
            log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
            return;
        }
        try {
            switch (envelope.type()) {
                case EventTypes.USER_SESSIONS_REVOKED -> apply(envelope.payloadAs(SessionsRevoked.class), envelope);
                case EventTypes.APIKEY_REVOKED -> {
                    ApiKeyRevoked revoked = envelope.payloadAs(ApiKeyRevoked.class);
                    handler.apiKeyRevoked(revoked.keyId() != null ? revoked.keyId() : envelope.aggregateId());
                }
                default -> {
                    // registrations, reset e-mails: nothing to do at the edge
                }
            }
        } catch (IllegalArgumentException e) {
            log.warn("Skipping event {} ({}) with an unreadable payload", envelope.eventId(), envelope.type());
        }
    }

    private void apply(SessionsRevoked revoked, EventEnvelope envelope) {
        if (!revoked.sessionIds().isEmpty()) {
            handler.sessionsRevoked(revoked.sessionIds());
        }
        if (revoked.notBefore() != null) {
            var user = revoked.userId() != null ? revoked.userId() : envelope.aggregateId();
            handler.notBefore(user, revoked.notBefore().getEpochSecond(), revoked.reason());
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        try {
            // resolve "latest" to a fixed offset now, so nothing published after this point can be skipped
            for (TopicPartition partition : partitions) {
                consumer.position(partition);
            }
        } catch (RuntimeException e) {
            log.warn("Could not fix the start offsets of {}: {}", partitions, e.toString());
        }
        snapshot.reload();
    }
}
