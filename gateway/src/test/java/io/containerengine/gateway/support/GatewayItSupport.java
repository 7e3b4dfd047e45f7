package io.containerengine.gateway.support;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.Topics;

/**
 * One gateway for all integration tests (same configuration, so Spring's test context cache shares it and its
 * embedded Kafka): fake auth/deployment/notification services, an api-key service that is down, and two app
 * instances. The fake deployment-service answers {@code /internal/routes} only to a SYSTEM-signed caller, and
 * not before its third try (deployment-service starting after the gateway).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ce.identity.secret=" + Tokens.IDENTITY_SECRET,
        "ce.gateway.jwt.secret=" + Tokens.JWT_SECRET,
        "ce.gateway.apps.domain-suffix=localhost",
        "ce.gateway.apps.snapshot-min-backoff=100ms",
        "ce.gateway.apps.snapshot-max-backoff=400ms",
        "ce.gateway.traffic.flush-interval=200ms",
        "ce.gateway.traffic.instance-id=gateway-it",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.TRAFFIC_EVENTS}, partitions = 1)
public abstract class GatewayItSupport {

    protected static final FakeServer AUTH = new FakeServer("auth");
    protected static final FakeServer DEPLOYMENTS = new FakeServer("deployments");
    protected static final FakeServer NOTIFICATIONS = new FakeServer("notifications");
    protected static final String API_KEYS_DOWN = FakeServer.deadUrl();
    protected static final FakeServer APP_A = new FakeServer("app-a");
    protected static final FakeServer APP_B = new FakeServer("app-b");

    protected static final UUID SNAPSHOT_DEPLOYMENT = UUID.randomUUID();
    protected static final String SNAPSHOT_HOST = "snap.localhost";
    /** A verified custom domain of the snapshot's deployment: the snapshot lists it as a route of its own. */
    protected static final String SNAPSHOT_CUSTOM_DOMAIN = "snap.example.org";
    protected static final AtomicInteger SNAPSHOT_CALLS = new AtomicInteger();
    protected static final AtomicInteger SNAPSHOT_UNSIGNED_CALLS = new AtomicInteger();

    static {
        InternalIdentity identity = new InternalIdentity(Tokens.IDENTITY_SECRET);
        DEPLOYMENTS.answer(request -> {
            if (!request.uri().startsWith("/internal/routes")) {
                return Optional.empty();
            }
            boolean system = identity.verify(request.requestHeaders().get(InternalIdentity.HEADER))
                    .filter(InternalIdentity.SYSTEM::equals).isPresent();
            if (!system) {
                SNAPSHOT_UNSIGNED_CALLS.incrementAndGet();
                return Optional.of(new FakeServer.Reply(401, "{\"error\":{\"message\":\"Authentication required\"}}"));
            }
            if (SNAPSHOT_CALLS.incrementAndGet() <= 2) {
                return Optional.of(new FakeServer.Reply(503, "{\"error\":{\"message\":\"starting\"}}"));
            }
            return Optional.of(new FakeServer.Reply(200, """
                    {"routes":[{"deployment_id":"%1$s","host":"%2$s","endpoints":["%4$s"],"extra":"ignored"},
                               {"deployment_id":"%1$s","host":"%3$s","endpoints":["%4$s"]}]}"""
                    .formatted(SNAPSHOT_DEPLOYMENT, SNAPSHOT_HOST, SNAPSHOT_CUSTOM_DOMAIN, APP_A.endpoint())));
        });
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("ce.gateway.services.auth", AUTH::url);
        registry.add("ce.gateway.services.deployments", DEPLOYMENTS::url);
        registry.add("ce.gateway.services.notifications", NOTIFICATIONS::url);
        registry.add("ce.gateway.services.api-keys", () -> API_KEYS_DOWN);
    }

    @LocalServerPort
    protected int port;

    protected WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }
}
