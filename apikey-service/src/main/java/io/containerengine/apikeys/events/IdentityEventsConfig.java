package io.containerengine.apikeys.events;

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

import io.containerengine.apikeys.events.ApiKeyTopics.TopicProperties;
import io.containerengine.common.events.ProcessedEvents;
import io.containerengine.contracts.Topics;
import tools.jackson.core.JacksonException;

/** The consumers' retry / dead-letter policy (picked up by Boot's listener container factory). */
@Configuration(proxyBeanMethods = false)
public class IdentityEventsConfig {

    /** Consumed event ids, so that a redelivered event is applied once (table {@code processed_events}). */
    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }

    /** 3 retries 500 ms apart (the database away for a moment), then {@code ce.identity-events.dlt}. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template) {
        // partition -1: the producer picks one, whatever the dead-letter topic's partition count
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        var handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500L, 3L));
        // A record that does not parse will not parse on a retry either: straight to the dead-letter topic.
        handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class,
                NullPointerException.class);
        return handler;
    }

    @Bean
    NewTopic identityEventsDeadLetterTopic(TopicProperties properties) {
        return TopicBuilder.name(Topics.deadLetterOf(Topics.IDENTITY_EVENTS)).partitions(properties.partitions())
                .replicas(properties.replicas()).build();
    }
}
