package io.containerengine.apikeys.events;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import io.containerengine.contracts.Topics;

/** Creates the topic this service produces to, if the broker does not have it yet. */
@Configuration(proxyBeanMethods = false)
public class ApiKeyTopics {

    /**
     * @param partitions partitions of ce.apikey-events
     * @param replicas   its replication factor
     */
    @ConfigurationProperties("ce.apikeys.topic")
    public record TopicProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicas) {
    }

    @Bean
    NewTopic apiKeyEventsTopic(TopicProperties properties) {
        return TopicBuilder.name(Topics.APIKEY_EVENTS).partitions(properties.partitions())
                .replicas(properties.replicas()).build();
    }
}
