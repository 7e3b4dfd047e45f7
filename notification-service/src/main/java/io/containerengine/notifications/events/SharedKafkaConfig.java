package io.containerengine.notifications.events;

import java.time.Duration;

import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import io.containerengine.common.events.ProcessedEvents;
import io.containerengine.contracts.Topics;
import tools.jackson.core.JacksonException;

/**
 * The container factory of the shared group ({@code notification-service}): its work must not be lost, so a
 * record that keeps failing (the database away for a minute) goes to {@code <topic>.dlt} for replay instead of
 * being skipped like a per-instance push.
 */
@Configuration(proxyBeanMethods = false)
class SharedKafkaConfig {

    static final String FACTORY = "sharedListenerContainerFactory";

    @Bean(FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> sharedListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            KafkaOperations<Object, Object> kafka) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        var recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, ex) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(10).toMillis());
        backOff.setMaxElapsedTime(Duration.ofMinutes(1).toMillis());
        var handler = new DefaultErrorHandler(recoverer, backOff);
        // A record that does not parse will not parse on a retry either: straight to the dead-letter topic.
        handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class,
                NullPointerException.class);
        factory.setCommonErrorHandler(handler);
        return factory;
    }

    /** Event ids the shared group already turned into work (webhook deliveries, e-mails). */
    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }
}
