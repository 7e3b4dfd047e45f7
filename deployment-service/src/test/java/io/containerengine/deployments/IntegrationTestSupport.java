package io.containerengine.deployments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.contracts.Topics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application context for every IT (real PostgreSQL database {@code test}, embedded KRaft Kafka), so it is
 * started once. The fallback poll is long here: anything that arrives quickly was sent because of the
 * after-commit wake-up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ce.identity.secret=" + IntegrationTestSupport.SECRET,
        "ce.secrets.key=" + IntegrationTestSupport.SECRETS_KEY,
        "ce.outbox.poll-interval=60s",
        "ce.deployments.domain-suffix=localhost",
})
@EmbeddedKafka(partitions = 3)
@Import({IntegrationTestSupport.DeploymentEventsCollector.class, IntegrationTestSupport.Fakes.class})
public abstract class IntegrationTestSupport {

    static final String SECRET = "integration-test-secret-0123456789abcdef";
    /** base64 of 32 bytes, as SECRETS_KEY must be. */
    protected static final String SECRETS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    /** One fake provisioner for the shared context. */
    protected static final FakeProvisioner PROVISIONER = new FakeProvisioner(SECRET);

    @DynamicPropertySource
    static void provisioner(DynamicPropertyRegistry registry) {
        registry.add("ce.provisioner.url", PROVISIONER::url);
    }

    @Autowired
    protected FakeDnsResolver dns;

    @LocalServerPort
    protected int port;
    @Autowired
    protected InternalIdentity identity;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected KafkaTemplate<String, String> kafka;
    @Autowired
    protected DeploymentEventsCollector deploymentEvents;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected UUID user;

    @BeforeEach
    void newUser() {
        user = UUID.randomUUID();
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Fakes {
        @Bean
        @Primary
        FakeDnsResolver fakeDnsResolver() {
            return new FakeDnsResolver();
        }
    }

    /** Everything the service published on ce.deployment-events, read back like any consumer would. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class DeploymentEventsCollector {
        private final ConcurrentLinkedQueue<ConsumerRecord<String, String>> records = new ConcurrentLinkedQueue<>();

        @KafkaListener(topics = Topics.DEPLOYMENT_EVENTS, groupId = "it-collector")
        void collect(ConsumerRecord<String, String> record) {
            records.add(record);
        }

        public List<ConsumerRecord<String, String>> forKey(UUID key) {
            return records.stream().filter(r -> key.toString().equals(r.key())).toList();
        }

        public List<EventEnvelope> envelopes(UUID key) {
            return forKey(key).stream().map(r -> EventJson.read(r.value())).toList();
        }

        public List<EventEnvelope> envelopes(UUID key, String type) {
            return envelopes(key).stream().filter(e -> type.equals(e.type())).toList();
        }
    }

    protected record Response(int status, JsonNode body) {
    }

    protected Response send(String method, String path, UUID as, String body) throws Exception {
        return send(method, path, as, body, Map.of());
    }

    protected Response send(String method, String path, UUID as, String body, Map<String, String> headers)
            throws Exception {
        HttpResponse<String> response = sendRaw(method, path, as, body, headers);
        JsonNode json = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
        return new Response(response.statusCode(), json);
    }

    protected HttpResponse<String> sendRaw(String method, String path, UUID as, String body,
            Map<String, String> headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (as != null) {
            builder.header(InternalIdentity.HEADER, identity.sign(as));
        }
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected Response post(String path, UUID as, String body) throws Exception {
        return send("POST", path, as, body);
    }

    protected Response get(String path, UUID as) throws Exception {
        return send("GET", path, as, null);
    }

    protected Response put(String path, UUID as, String body) throws Exception {
        return send("PUT", path, as, body);
    }

    protected Response patch(String path, UUID as, String body) throws Exception {
        return send("PATCH", path, as, body);
    }

    protected Response delete(String path, UUID as) throws Exception {
        return send("DELETE", path, as, null);
    }

    /** Publishes what a runtime would report, as the provisioner-worker does. */
    protected void observe(UUID id, long generation, ObservedPhase phase, int desired, List<String> endpoints,
            String message) throws Exception {
        observe(new DeploymentObserved(id, user, generation, phase, desired, endpoints.size(), endpoints, 0, message,
                Instant.now(), null, null, null));
    }

    protected void observe(DeploymentObserved observed) throws Exception {
        var event = EventEnvelope.of(EventTypes.DEPLOYMENT_OBSERVED, observed.deploymentId(), observed.userId(),
                observed);
        kafka.send(Topics.RUNTIME_EVENTS, event.aggregateId().toString(), EventJson.write(event)).get();
    }

    /** Waits until the deployment's details satisfy {@code condition}. */
    protected JsonNode awaitDetails(UUID id, java.util.function.Predicate<JsonNode> condition) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/v1/deployments/" + id, user).body(), condition::test);
    }

    protected JsonNode awaitStatus(UUID id, String status) {
        return awaitDetails(id, d -> d.has("status") && status.equals(d.get("status").asString()));
    }

    protected long generationOf(UUID id) {
        return jdbc.sql("select generation from deployment where id = ?").param(id).query(Long.class).single();
    }

    /** A unique, valid app name (tests share the database and rerun). */
    protected static String appName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected Response createDeployment(UUID as, String appName) throws Exception {
        return post("/v1/deployments", as, """
                {"app_name":"%s","image":"nginx:1.27-alpine"}
                """.formatted(appName));
    }

    protected UUID createdId(UUID as, String appName) throws Exception {
        Response r = createDeployment(as, appName);
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r);
        }
        return UUID.fromString(r.body().get("id").asString());
    }
}
