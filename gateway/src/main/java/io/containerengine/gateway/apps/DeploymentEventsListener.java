package io.containerengine.gateway.apps;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListener;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;

/**
 * Follows {@code ce.deployment-events}: a status change sets the app's endpoints (only a running app has any)
 * and the custom domains it answers on besides its app host, a deletion drops the app and its domains. Other
 * event types are not the gateway's business. Applying an event sets state, so a repeated event changes nothing
 * (no processed-id bookkeeping needed).
 */
public class DeploymentEventsListener implements MessageListener<String, String>, ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(DeploymentEventsListener.class);

    private final RouteTable table;
    private final RouteSnapshotLoader snapshot;

    public DeploymentEventsListener(RouteTable table, RouteSnapshotLoader snapshot) {
        this.table = table;
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
                case EventTypes.DEPLOYMENT_STATUS_CHANGED -> apply(envelope.payloadAs(DeploymentStatusChanged.class));
                case EventTypes.DEPLOYMENT_DELETED -> table.remove(deploymentId(
                        envelope.payloadAs(DeploymentDeleted.class), envelope));
                default -> {
                    // created / desired-state events carry no routing information
                }
            }
        } catch (IllegalArgumentException e) {
            log.warn("Skipping event {} ({}) with an unreadable payload", envelope.eventId(), envelope.type());
        }
    }

    private void apply(DeploymentStatusChanged changed) {
        if (changed.deploymentId() == null || changed.host() == null || changed.host().isBlank()) {
            return;
        }
        // a rollout or a rolled-back update keeps serving from the endpoints it reports
        List<String> endpoints = changed.status() != null && changed.status().routable() ? changed.endpoints() : List.of();
        // the event lists every verified custom domain: the set replaces the previous one (empty drops them all)
        table.put(changed.deploymentId(), changed.host(), changed.customDomains(), endpoints);
        log.debug("Route {} {} -> {} ({})", changed.host(), changed.customDomains(), endpoints, changed.status());
    }

    private static UUID deploymentId(DeploymentDeleted deleted, EventEnvelope envelope) {
        return deleted.deploymentId() != null ? deleted.deploymentId() : envelope.aggregateId();
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
        snapshot.partitionsAssigned();
    }
}
