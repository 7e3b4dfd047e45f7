package io.containerengine.auth.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import io.containerengine.contracts.Topics;

/** Creates the topic this service produces to, if the broker does not have it yet. */
@Configuration(proxyBeanMethods = false)
public class IdentityTopics {

    /**
     * @param partitions partitions of ce.identity-events
     * @param replicas   its replication factor
     */
    @ConfigurationProperties("ce.auth.topic")
    public record TopicProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicas) {
    }

    @Bean
    NewTopic identityEventsTopic(TopicProperties properties) {
        return TopicBuilder.name(Topics.IDENTITY_EVENTS).partitions(properties.partitions())
                .replicas(properties.replicas()).build();
    }
}
