package io.containerengine.gateway.revocation;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import io.containerengine.contracts.Topics;
import io.containerengine.gateway.apikeys.ApiKeyAuthenticator;
import io.containerengine.gateway.auth.RevokedSessions;
import io.containerengine.gateway.auth.TokenVerifier;
import io.containerengine.gateway.events.StateEventsListener;

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
    ConcurrentMessageListenerContainer<String, String> revocationEventsContainer(
            ConsumerFactory<?, ?> consumerFactory, IdentityEventsListener listener) {
        return StateEventsListener.container(consumerFactory, listener, "gateway-revocations-", 200,
                "revocation event", Topics.IDENTITY_EVENTS, Topics.APIKEY_EVENTS);
    }
}
