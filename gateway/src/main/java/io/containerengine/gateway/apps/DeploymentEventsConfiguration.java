package io.containerengine.gateway.apps;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.web.reactive.function.client.WebClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.Topics;
import io.containerengine.gateway.events.StateEventsListener;
import io.containerengine.gateway.routing.ServicesProperties;

/**
 * The deployment-events consumer. Each gateway instance has its own consumer group ({@code gateway-<uuid>}) so
 * every instance sees every event, starting from the newest (the snapshot covers the past).
 */
@Configuration(proxyBeanMethods = false)
public class DeploymentEventsConfiguration {

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
    ConcurrentMessageListenerContainer<String, String> deploymentEventsContainer(ConsumerFactory<?, ?> consumerFactory,
            DeploymentEventsListener listener) {
        return StateEventsListener.container(consumerFactory, listener, "gateway-", 500, "deployment event",
                Topics.DEPLOYMENT_EVENTS);
    }
}
