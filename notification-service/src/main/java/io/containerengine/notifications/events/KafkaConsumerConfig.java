package io.containerengine.notifications.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import tools.jackson.core.JacksonException;

@Configuration(proxyBeanMethods = false)
public class KafkaConsumerConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfig.class);

    /**
     * A few quick retries, then log and skip. No dead-letter topic on purpose, unlike the other consumers:
     * the group is per instance, so every instance would dead-letter the same record once more, and nobody
     * could replay it usefully later — a status push is only worth something now, and the status itself stays
     * readable from deployment-service. Boot's listener container factory picks this bean up.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        var handler = new DefaultErrorHandler(KafkaConsumerConfig::skip, new FixedBackOff(100L, 3L));
        // A record that does not parse will not parse on a retry either.
        handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class,
                NullPointerException.class);
        return handler;
    }

    private static void skip(ConsumerRecord<?, ?> record, Exception ex) {
        log.error("Skipping record {}-{}@{} (key {}) after retries", record.topic(), record.partition(),
                record.offset(), record.key(), ex);
    }
}
