package io.containerengine.gateway.apps;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.reactive.function.client.WebClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.Topics;
import io.containerengine.gateway.routing.ServicesProperties;

/**
 * The deployment-events consumer. Each gateway instance has its own consumer group ({@code gateway-<uuid>}) so
 * every instance sees every event, starting from the newest (the snapshot covers the past). The container
 * starts its consumer thread without waiting for Kafka, so a broker that is down does not hold up startup.
 */
@Configuration(proxyBeanMethods = false)
public class DeploymentEventsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeploymentEventsConfiguration.class);

    @Bean
    RouteSnapshotLoader routeSnapshotLoader(RouteTable table, InternalIdentity identity, AppsProperties properties,
            ServicesProperties services) {
        return new RouteSnapshotLoader(table, identity, properties, services.deployments(), WebClient.builder());
    }

    @Bean
    DeploymentEventsListener deploymentEventsListener(RouteTable table, RouteSnapshotLoader snapshot) {
        return new DeploymentEventsListener(table, snapshot);
    }

    @Bean
    @SuppressWarnings("unchecked")
    ConcurrentMessageListenerContainer<String, String> deploymentEventsContainer(ConsumerFactory<?, ?> consumerFactory,
            DeploymentEventsListener listener) {
        ContainerProperties properties = new ContainerProperties(Topics.DEPLOYMENT_EVENTS);
        properties.setGroupId("gateway-" + UUID.randomUUID());
        properties.setMessageListener(listener);
        properties.setConsumerRebalanceListener(listener);
        var container = new ConcurrentMessageListenerContainer<>((ConsumerFactory<String, String>) consumerFactory,
                properties);
        // The listener skips what it can't read; anything else gets two retries, then is logged and skipped.
        // No dead-letter topic: this consumer only mirrors state, and one DLT copy per gateway instance of a
        // record that the other consumers of the topic already dead-letter would only add noise.
        container.setCommonErrorHandler(new DefaultErrorHandler(
                (record, e) -> log.error("Giving up on deployment event {}-{}@{}", record.topic(), record.partition(),
                        record.offset(), e),
                new FixedBackOff(500, 2)));
        return container;
    }
}
