package io.containerengine.provisioner.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import io.containerengine.contracts.Topics;
import io.containerengine.provisioner.ProvisionerProperties;
import tools.jackson.core.JacksonException;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** A few retries, then the record goes to {@code <topic>.dlt}; unreadable JSON goes there at once. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                // partition -1: let the producer pick, the dead-letter topic may have fewer partitions
                (record, error) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        var handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500L, 3L));
        handler.addNotRetryableExceptions(JacksonException.class);
        return handler;
    }

    @Bean
    NewTopic runtimeEventsTopic(ProvisionerProperties properties) {
        return topic(Topics.RUNTIME_EVENTS, properties);
    }

    /** Also declared by deployment-service (same settings); whichever starts first creates it. */
    @Bean
    NewTopic deploymentEventsTopic(ProvisionerProperties properties) {
        return topic(Topics.DEPLOYMENT_EVENTS, properties);
    }

    @Bean
    NewTopic deploymentEventsDeadLetterTopic(ProvisionerProperties properties) {
        return topic(Topics.deadLetterOf(Topics.DEPLOYMENT_EVENTS), properties);
    }

    private static NewTopic topic(String name, ProvisionerProperties properties) {
        return TopicBuilder.name(name).partitions(properties.topicPartitions())
                .replicas(properties.topicReplicas()).build();
    }
}
