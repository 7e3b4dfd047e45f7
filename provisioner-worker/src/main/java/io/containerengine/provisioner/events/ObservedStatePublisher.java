package io.containerengine.provisioner.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.provisioner.runtime.ObservedStateListener;

/** Publishes what the runtime observed to {@link Topics#RUNTIME_EVENTS}, keyed by deployment id. */
@Component
class ObservedStatePublisher implements ObservedStateListener {

    private static final Logger log = LoggerFactory.getLogger(ObservedStatePublisher.class);

    private final KafkaTemplate<String, String> kafka;

    ObservedStatePublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void onObserved(DeploymentObserved observed) {
        EventEnvelope envelope = EventEnvelope.of(EventTypes.DEPLOYMENT_OBSERVED, observed.deploymentId(),
                observed.userId(), observed);
        log.info("deployment {} generation {} observed {}{}", observed.deploymentId(), observed.generation(),
                observed.phase().value(), observed.message() == null ? "" : ": " + observed.message());
        // The idempotent producer keeps one deployment's events in order; no need to block the runtime thread.
        kafka.send(Topics.RUNTIME_EVENTS, observed.deploymentId().toString(), EventJson.write(envelope))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        log.error("publishing observed state of deployment {} failed", observed.deploymentId(),
                                error);
                    }
                });
    }
}
