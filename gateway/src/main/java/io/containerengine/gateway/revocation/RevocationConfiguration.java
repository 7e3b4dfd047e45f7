package io.containerengine.gateway.revocation;

import java.time.Clock;
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

import io.containerengine.contracts.Topics;
import io.containerengine.gateway.apikeys.ApiKeyAuthenticator;
import io.containerengine.gateway.auth.RevokedSessions;
import io.containerengine.gateway.auth.TokenVerifier;

/**
 * Revocations at the edge: the in-memory list, the Redis snapshot and one consumer of
 * {@code ce.identity-events} and {@code ce.apikey-events}, in a consumer group of its own per gateway instance
 * ({@code gateway-revocations-<uuid>}) so that every instance sees every revocation, from the newest on (the
 * snapshot covers the past).
 *
 * <p>What a dead consumer means: revocations made while the events can't be read are not seen by this instance
 * until it reads them again (it resumes from its committed offsets, so none is lost once Kafka is back): their
 * access tokens stay accepted until then, at most until they expire, and a revoked API key for at most the key
 * cache TTL (fail-open for new revocations; refusing every caller would take the platform down with Kafka).
 * Revocations older than the outage stay enforced: they are in memory and never dropped before their tokens expire.
 * The consumer starts without waiting for Kafka, so a broker that is down does not hold up startup.
 */
@Configuration(proxyBeanMethods = false)
public class RevocationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RevocationConfiguration.class);

    @Bean
    RevokedSessions revokedSessions(RevocationProperties properties) {
        return new RevokedSessions(properties.accessTokenTtl(), properties.failClosedUntilLoaded(),
                Clock.systemUTC());
    }

    @Bean
    RevocationHandler revocationHandler(RevokedSessions revokedSessions, TokenVerifier tokens,
            ApiKeyAuthenticator apiKeys, RevocationProperties properties) {
        return new RevocationHandler(revokedSessions, tokens, apiKeys, properties.accessTokenTtl());
    }

    @Bean
    RevocationSnapshotLoader revocationSnapshotLoader(RevocationHandler handler, RevocationProperties properties) {
        return new RevocationSnapshotLoader(handler, properties);
    }

    @Bean
    IdentityEventsListener identityEventsListener(RevocationHandler handler, RevocationSnapshotLoader snapshot) {
        return new IdentityEventsListener(handler, snapshot);
    }

    @Bean
    @SuppressWarnings("unchecked")
    ConcurrentMessageListenerContainer<String, String> revocationEventsContainer(
            ConsumerFactory<?, ?> consumerFactory, IdentityEventsListener listener) {
        ContainerProperties properties = new ContainerProperties(Topics.IDENTITY_EVENTS, Topics.APIKEY_EVENTS);
        properties.setGroupId("gateway-revocations-" + UUID.randomUUID());
        properties.setMessageListener(listener);
        properties.setConsumerRebalanceListener(listener);
        var container = new ConcurrentMessageListenerContainer<>((ConsumerFactory<String, String>) consumerFactory,
                properties);
        // As for the route events: unreadable records are skipped by the listener; anything else gets two retries,
        // then is logged and skipped. No dead-letter topic: one copy per gateway instance would only add noise.
        container.setCommonErrorHandler(new DefaultErrorHandler(
                (record, e) -> log.error("Giving up on revocation event {}-{}@{}", record.topic(), record.partition(),
                        record.offset(), e),
                new FixedBackOff(200, 2)));
        return container;
    }
}
