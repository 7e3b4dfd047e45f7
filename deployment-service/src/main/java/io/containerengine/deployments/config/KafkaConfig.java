package io.containerengine.deployments.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import io.containerengine.common.events.ProcessedEvents;
import io.containerengine.contracts.Topics;
import tools.jackson.core.JacksonException;

/** Topics this service produces to or consumes from, and the consumers' retry / dead-letter policy. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfig {

    /** Consumed event ids, so that a redelivered event is applied once (table {@code processed_events}). */
    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }

    @Bean
    NewTopic deploymentEventsTopic(DeploymentsProperties p) {
        return topic(Topics.DEPLOYMENT_EVENTS, p);
    }

    @Bean
    NewTopic deploymentEventsDeadLetterTopic(DeploymentsProperties p) {
        return topic(Topics.deadLetterOf(Topics.DEPLOYMENT_EVENTS), p);
    }

    @Bean
    NewTopic runtimeEventsTopic(DeploymentsProperties p) {
        return topic(Topics.RUNTIME_EVENTS, p);
    }

    @Bean
    NewTopic runtimeEventsDeadLetterTopic(DeploymentsProperties p) {
        return topic(Topics.deadLetterOf(Topics.RUNTIME_EVENTS), p);
    }

    @Bean
    NewTopic trafficEventsTopic(DeploymentsProperties p) {
        return topic(Topics.TRAFFIC_EVENTS, p);
    }

    @Bean
    NewTopic trafficEventsDeadLetterTopic(DeploymentsProperties p) {
        return topic(Topics.deadLetterOf(Topics.TRAFFIC_EVENTS), p);
    }

    /** Picked up by Boot's listener container factory: 3 retries 500 ms apart, then {@code <topic>.dlt}. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
        var handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500L, 3L));
        // Unreadable records will never get better: straight to the dead-letter topic.
        handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class,
                NullPointerException.class);
        return handler;
    }

    private static NewTopic topic(String name, DeploymentsProperties p) {
        return TopicBuilder.name(name).partitions(p.topicPartitions()).replicas(p.topicReplicas()).build();
    }
}
