package io.containerengine.deployments.traffic;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;

/** Consumes the gateways' traffic reports; failures are retried and then dead-lettered by the container. */
@Component
public class AppTrafficListener {

    private final AppTrafficService service;

    public AppTrafficListener(AppTrafficService service) {
        this.service = service;
    }

    @KafkaListener(topics = Topics.TRAFFIC_EVENTS, groupId = "deployment-service")
    public void onTrafficEvent(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = EventJson.read(record.value());
        if (EventTypes.DEPLOYMENT_TRAFFIC_REPORTED.equals(envelope.type())) {
            service.apply(envelope);
        }
    }
}
