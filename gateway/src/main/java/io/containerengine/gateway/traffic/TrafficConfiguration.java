package io.containerengine.gateway.traffic;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** App traffic counting and its periodic report (off with {@code ce.gateway.traffic.enabled=false}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ce.gateway.traffic.enabled", havingValue = "true", matchIfMissing = true)
public class TrafficConfiguration {

    @Bean
    TrafficRecorder trafficRecorder(TrafficProperties properties) {
        return new TrafficRecorder(properties.instanceId());
    }

    @Bean
    TrafficPublisher trafficPublisher(TrafficRecorder recorder, KafkaTemplate<String, String> kafka,
            TrafficProperties properties) {
        return new TrafficPublisher(recorder, kafka, properties, Clock.systemUTC());
    }
}
