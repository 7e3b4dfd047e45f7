package io.containerengine.deployments.observed;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;

/** Consumes the runtime's observations; failures are retried and then dead-lettered by the container. */
@Component
public class ObservedStateListener {

    private final ObservedStateService service;

    public ObservedStateListener(ObservedStateService service) {
        this.service = service;
    }

    @KafkaListener(topics = Topics.RUNTIME_EVENTS, groupId = "deployment-service")
    public void onRuntimeEvent(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = EventJson.read(record.value());
        if (EventTypes.DEPLOYMENT_OBSERVED.equals(envelope.type())) {
            service.apply(envelope);
        }
    }
}
