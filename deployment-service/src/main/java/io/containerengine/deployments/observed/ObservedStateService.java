package io.containerengine.deployments.observed;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.common.events.ProcessedEvents;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.deployments.deployments.Deployment;
import io.containerengine.deployments.deployments.DeploymentEvents;
import io.containerengine.deployments.deployments.DeploymentRepository;
import io.containerengine.deployments.deployments.DeploymentRepository.Observation;
import io.containerengine.deployments.deployments.DeploymentStateMachine;

/**
 * Records what the runtime observed of a deployment and announces status changes through the outbox. Only
 * observations of the current generation count: until the runtime reports the newest desired state, the
 * deployment stays {@code updating} (or whatever the command made it).
 */
@Service
public class ObservedStateService {

    private static final Logger log = LoggerFactory.getLogger(ObservedStateService.class);

    private final DeploymentRepository repository;
    private final ProcessedEvents processed;
    private final DeploymentEvents events;
    private final DeploymentsProperties properties;

    public ObservedStateService(DeploymentRepository repository, ProcessedEvents processed, DeploymentEvents events,
            DeploymentsProperties properties) {
        this.repository = repository;
        this.processed = processed;
        this.events = events;
        this.properties = properties;
    }

    /** Applies one {@code deployment.observed} event; the id is recorded in the same transaction as its effect. */
    @Transactional
    public void apply(EventEnvelope envelope) {
        if (!processed.markProcessed(envelope.eventId())) {
            log.debug("Skipping already processed event {}", envelope.eventId());
            return;
        }
        DeploymentObserved observed = envelope.payloadAs(DeploymentObserved.class);
        var id = observed.deploymentId() != null ? observed.deploymentId() : envelope.aggregateId();
        Deployment d = repository.findForUpdate(id).orElse(null);
        if (d == null) {
            log.debug("Observed event {} for unknown or deleted deployment {}", envelope.eventId(), id);
            return;
        }
        if (observed.generation() < d.generation()) {
            // The runtime still reports an older desired state; the newer one's observations will follow.
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (observed.phase() == ObservedPhase.DELETED) {
            if (d.status() == DeploymentStatus.DELETING) {
                repository.markDeleted(d.id(), now); // the runtime confirmed: the row goes away
            }
            return;
        }
        DeploymentStatus status = DeploymentStateMachine.observed(d.status(), observed.phase());
        if (status == null) {
            return;
        }
        String url = status == DeploymentStatus.RUNNING ? properties.urlOf(d.appName()) : d.url();
        String error = switch (status) {
            case FAILED -> observed.message() == null ? "Deployment failed" : observed.message();
            case RUNNING -> null;
            default -> d.errorMessage();
        };
        Instant deployedAt = d.deployedAt() == null && status == DeploymentStatus.RUNNING ? now : d.deployedAt();
        // A stopped deployment routes nowhere, whatever replicas are still winding down.
        List<String> endpoints = status == DeploymentStatus.STOPPED ? List.of() : observed.endpoints();
        repository.updateObserved(d.id(), new Observation(status, url, endpoints, observed.readyReplicas(),
                observed.generation(), error, deployedAt, observed.health(), observed.restartCount(),
                observed.runningSince(), observed.lastHealthCheckAt()), now);
        if (status != d.status() || !endpoints.equals(d.endpoints())
                || (status == DeploymentStatus.FAILED && !Objects.equals(error, d.errorMessage()))) {
            events.statusChanged(d, status, d.status(), url, endpoints, error);
        }
    }
}
