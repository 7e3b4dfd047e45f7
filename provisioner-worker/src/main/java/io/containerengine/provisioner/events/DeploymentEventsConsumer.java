package io.containerengine.provisioner.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.provisioner.desired.DesiredStateStore;
import io.containerengine.provisioner.runtime.DeploymentExecutor;

/**
 * Takes deployments' lifecycle events. The event id and the new desired state are stored in one transaction on
 * the consumer thread; the runtime work is handed to the {@link DeploymentExecutor}, which keeps each deployment's
 * order (the topic is keyed by deployment id) without holding up the poll loop.
 */
@Component
class DeploymentEventsConsumer {

    private static final Logger log = LoggerFactory.getLogger(DeploymentEventsConsumer.class);

    private final DesiredStateStore store;
    private final DeploymentExecutor executor;
    private final TransactionTemplate tx;

    DeploymentEventsConsumer(DesiredStateStore store, DeploymentExecutor executor, TransactionTemplate tx) {
        this.store = store;
        this.executor = executor;
        this.tx = tx;
    }

    @KafkaListener(id = "provisioner-deployment-events", topics = Topics.DEPLOYMENT_EVENTS, groupId = "provisioner")
    void onEvent(ConsumerRecord<String, String> record) {
        EventEnvelope event = EventJson.read(record.value());
        switch (event.type()) {
            case EventTypes.DEPLOYMENT_CREATED, EventTypes.DEPLOYMENT_DESIRED_STATE_CHANGED -> onDesiredState(event);
            case EventTypes.DEPLOYMENT_DELETED -> onDeleted(event);
            default -> {
                // status changes (our own results, relayed) and future types are not the worker's business
            }
        }
    }

    private void onDesiredState(EventEnvelope event) {
        DeploymentDesiredState desired = event.payloadAs(DeploymentDesiredState.class);
        Boolean fresh = tx.execute(status -> store.markProcessed(event.eventId()) && store.save(desired));
        if (!Boolean.TRUE.equals(fresh)) {
            log.debug("skipping {} {} of deployment {} generation {}: duplicate, stale or deleted", event.type(),
                    event.eventId(), desired.deploymentId(), desired.generation());
            return;
        }
        executor.apply(desired);
    }

    private void onDeleted(EventEnvelope event) {
        DeploymentDeleted deleted = event.payloadAs(DeploymentDeleted.class);
        Boolean fresh = tx.execute(status -> {
            if (!store.markProcessed(event.eventId())) {
                return false;
            }
            store.markDeleted(deleted.deploymentId(), deleted.userId(), deleted.generation());
            return true;
        });
        if (Boolean.TRUE.equals(fresh)) {
            executor.delete(deleted);
        }
    }
}
