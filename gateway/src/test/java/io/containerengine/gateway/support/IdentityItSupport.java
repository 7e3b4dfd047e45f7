package io.containerengine.gateway.support;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * One gateway for the identity tests (API keys, sessions): a fake apikey-service, echoing services, real Redis
 * (revocations written before the gateway starts, as auth-service would have) and an embedded Kafka carrying
 * the identity and API key topics. Usage is reported every second here instead of every 30.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ce.identity.secret=" + Tokens.IDENTITY_SECRET,
        "ce.gateway.jwt.secret=" + Tokens.JWT_SECRET,
        "ce.gateway.api-keys.usage-report-interval=1s",
        "ce.gateway.revocation.redis-url=redis://127.0.0.1:6379",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS, Topics.APIKEY_EVENTS}, partitions = 1)
public abstract class IdentityItSupport {

    protected static final FakeApiKeyService API_KEYS = new FakeApiKeyService();
    protected static final FakeServer AUTH = new FakeServer("auth");
    protected static final FakeServer DEPLOYMENTS = new FakeServer("deployments");
    protected static final FakeServer NOTIFICATIONS = new FakeServer("notifications");

    /** Revoked in Redis before the gateway started. */
    protected static final UUID PRELOADED_USER = UUID.randomUUID();
    protected static final UUID PRELOADED_REVOKED_SESSION = UUID.randomUUID();
    /** Not-before in Redis before the gateway started (a password reset a minute ago). */
    protected static final UUID PRELOADED_RESET_USER = UUID.randomUUID();
    protected static final Instant PRELOADED_NOT_BEFORE = Instant.now().minusSeconds(60).truncatedTo(
            java.time.temporal.ChronoUnit.SECONDS);

    private static KafkaProducer<String, String> producer;

    static {
        RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            connection.sync().setex("ce:revoked-session:" + PRELOADED_REVOKED_SESSION, 300, PRELOADED_USER.toString());
            connection.sync().setex("ce:user-not-before:" + PRELOADED_RESET_USER, 300,
                    String.valueOf(PRELOADED_NOT_BEFORE.getEpochSecond()));
        } finally {
            redis.shutdown();
        }
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("ce.gateway.services.auth", AUTH::url);
        registry.add("ce.gateway.services.deployments", DEPLOYMENTS::url);
        registry.add("ce.gateway.services.notifications", NOTIFICATIONS::url);
        registry.add("ce.gateway.services.api-keys", API_KEYS::url);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private ConcurrentMessageListenerContainer<String, String> revocationEventsContainer;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    protected WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Publishes and waits until the broker has it. */
    protected void publish(String topic, EventEnvelope envelope) {
        try {
            producer().send(new ProducerRecord<>(topic, envelope.aggregateId().toString(), EventJson.write(envelope)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            // events published before the gateway holds its partitions would be skipped ("latest")
            ContainerTestUtils.waitForAssignment(revocationEventsContainer, 2);
            var props = KafkaTestUtils.producerProps(broker);
            props.put("linger.ms", 0);
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }
}
