package io.containerengine.gateway.apps;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.gateway.events.StateEventsListener;

/**
 * Follows {@code ce.deployment-events}: a status change sets the app's endpoints (only a running app has any)
 * and the custom domains it answers on besides its app host, a deletion drops the app and its domains. Other
 * event types are not the gateway's business. Each assignment of the partitions reloads the route snapshot.
 */
public class DeploymentEventsListener extends StateEventsListener {

    private static final Logger log = LoggerFactory.getLogger(DeploymentEventsListener.class);

    private final RouteTable table;
    private final RouteSnapshotLoader snapshot;

    public DeploymentEventsListener(RouteTable table, RouteSnapshotLoader snapshot) {
        this.table = table;
        this.snapshot = snapshot;
    }

    @Override
    protected void apply(EventEnvelope envelope) {
        switch (envelope.type()) {
            case EventTypes.DEPLOYMENT_STATUS_CHANGED -> apply(envelope.payloadAs(DeploymentStatusChanged.class));
            case EventTypes.DEPLOYMENT_DELETED -> table.remove(deploymentId(
                    envelope.payloadAs(DeploymentDeleted.class), envelope));
            default -> {
                // created / desired-state events carry no routing information
            }
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
    protected void partitionsAssigned() {
        snapshot.partitionsAssigned();
    }
}
