package io.containerengine.provisioner.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.contracts.Topics;
import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.provisioner.desired.DesiredStateStore;
import io.containerengine.provisioner.runtime.local.TestImages;
import tools.jackson.databind.JsonNode;

/** The whole worker: embedded Kafka, the real PostgreSQL ({@code test} database) and the real podman service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "ce.identity.secret=provisioner-test-secret-0123456789abcdef",
        "ce.secrets.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        // Reconciliation touches only this instance's containers on the shared podman.
        "ce.provisioner.instance-id=it-kafka",
        "ce.provisioner.reconcile-interval=2s",
        "ce.provisioner.topic-partitions=1",
        "ce.provisioner.local.host-port-range=43500-43999"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.RUNTIME_EVENTS}, partitions = 1)
// Closed after the class, not by a JVM shutdown hook racing Kafka's own temp-dir cleanup (the broker then hangs).
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProvisionerKafkaIT {

    static final String SAMPLE = "localhost/ce-sample:latest";

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    DockerClient docker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DesiredStateStore store;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;
    @LocalServerPort
    int port;

    final Set<UUID> deployments = ConcurrentHashMap.newKeySet();
    final Set<UUID> events = ConcurrentHashMap.newKeySet();
    final List<EventEnvelope> runtimeEvents = new ArrayList<>();
    Consumer<String, String> runtimeConsumer;
    Consumer<String, String> deadLetterConsumer;

    @BeforeEach
    void subscribe() {
        runtimeConsumer = consumer(Topics.RUNTIME_EVENTS);
        deadLetterConsumer = consumer(Topics.deadLetterOf(Topics.DEPLOYMENT_EVENTS));
    }

    private Consumer<String, String> consumer(String topic) {
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer()).createConsumer();
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    @AfterEach
    void cleanUp() throws Exception {
        runtimeConsumer.close();
        deadLetterConsumer.close();
        // Through the worker itself, so that its self-healing does not bring anything back.
        for (UUID id : deployments) {
            send(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, id, new UUID(0, 1),
                    new DeploymentDeleted(id, new UUID(0, 1), "it", "it.localhost", Long.MAX_VALUE / 2)));
        }
        for (UUID id : deployments) {
            await().atMost(Duration.ofSeconds(30)).until(() -> containersOf(id).isEmpty());
            jdbc.sql("delete from desired_state where deployment_id = :id").param("id", id).update();
        }
        for (UUID id : events) {
            jdbc.sql("delete from processed_events where event_id = :id").param("id", id).update();
        }
    }

    private List<Container> containersOf(UUID deploymentId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.containerengine.deployment-id", deploymentId.toString())).exec();
    }

    private DeploymentDesiredState desired(UUID id, long generation, int replicas) {
        deployments.add(id);
        return new DeploymentDesiredState(id, UUID.randomUUID(), "kafka-it", generation, SAMPLE, 80,
                Map.of("GREETING", "from-kafka"), replicas, null, null, null, "kafka-it.localhost",
                "http://kafka-it.localhost:3000");
    }

    private EventEnvelope send(EventEnvelope envelope) throws Exception {
        events.add(envelope.eventId());
        kafka.send(Topics.DEPLOYMENT_EVENTS, envelope.aggregateId().toString(), EventJson.write(envelope)).get();
        return envelope;
    }

    private List<DeploymentObserved> observed(UUID deploymentId) {
        for (ConsumerRecord<String, String> record : runtimeConsumer.poll(Duration.ofMillis(50))) {
            runtimeEvents.add(EventJson.read(record.value()));
        }
        return runtimeEvents.stream()
                .filter(e -> e.aggregateId().equals(deploymentId))
                .peek(e -> assertThat(e.type()).isEqualTo(EventTypes.DEPLOYMENT_OBSERVED))
                .map(e -> e.payloadAs(DeploymentObserved.class))
                .toList();
    }

    private DeploymentObserved awaitObserved(UUID id, ObservedPhase phase) {
        return await().atMost(Duration.ofSeconds(40)).until(
                () -> observed(id).stream().filter(o -> o.phase() == phase).findFirst().orElse(null),
                o -> o != null);
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static final String SECRET = "provisioner-test-secret-0123456789abcdef";

    private HttpResponse<String> internal(String path, UUID caller) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (caller != null) {
            request.header(InternalIdentity.HEADER, new InternalIdentity(SECRET).sign(caller));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private DeploymentObserved deployTools(UUID id, int replicas) throws Exception {
        DeploymentDesiredState state = new DeploymentDesiredState(id, UUID.randomUUID(), "logs-it", 1,
                TestImages.tools(), 80, Map.of(), replicas, new DeploymentDesiredState.Resources("250m", "64Mi"),
                null, null, "logs-it.localhost", null);
        deployments.add(id);
        send(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, id, state.userId(), state));
        return awaitObserved(id, ObservedPhase.RUNNING);
    }

    @Test
    void createdEventEndsInRunningObservedEventWithAnsweringEndpoint() throws Exception {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        send(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, id, UUID.randomUUID(), desired(id, 1, 1)));

        DeploymentObserved running = awaitObserved(id, ObservedPhase.RUNNING);
        System.out.printf("event -> observed running in %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertThat(observed(id)).extracting(DeploymentObserved::phase)
                .startsWith(ObservedPhase.DEPLOYING, ObservedPhase.RUNNING);
        assertThat(running.generation()).isEqualTo(1);
        assertThat(running.endpoints()).hasSize(1);
        assertThat(get("http://" + running.endpoints().get(0) + "/cgi-bin/env")).contains("greeting=from-kafka");
        assertThat(store.find(id)).hasValueSatisfying(d -> assertThat(d.generation()).isEqualTo(1));
    }

    @Test
    void duplicateEventIdIsAppliedOnce() throws Exception {
        UUID id = UUID.randomUUID();
        EventEnvelope created = EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, id, UUID.randomUUID(),
                desired(id, 1, 1));
        send(created);
        send(created);
        awaitObserved(id, ObservedPhase.RUNNING);

        // A later event of another deployment on the same single partition: once it is observed, the duplicate
        // before it has been consumed too.
        UUID marker = UUID.randomUUID();
        send(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, marker, UUID.randomUUID(), desired(marker, 1, 0)));
        awaitObserved(marker, ObservedPhase.STOPPED);

        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() ->
                observed(id).size() == 2 && containersOf(id).size() == 1);
        assertThat(observed(id)).extracting(DeploymentObserved::phase)
                .containsExactly(ObservedPhase.DEPLOYING, ObservedPhase.RUNNING);
    }

    @Test
    void deletedEventRemovesContainers() throws Exception {
        UUID id = UUID.randomUUID();
        DeploymentDesiredState state = desired(id, 1, 1);
        send(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, id, state.userId(), state));
        awaitObserved(id, ObservedPhase.RUNNING);

        send(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, id, state.userId(),
                new DeploymentDeleted(id, state.userId(), state.appName(), state.host(), 2)));

        awaitObserved(id, ObservedPhase.DELETED);
        assertThat(containersOf(id)).isEmpty();
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void storeIgnoresOlderGenerationsAndDeletedDeployments() {
        UUID id = UUID.randomUUID();
        assertThat(store.save(desired(id, 2, 1))).isTrue();
        assertThat(store.save(desired(id, 1, 3))).isFalse();
        assertThat(store.find(id)).hasValueSatisfying(d -> assertThat(d.replicas()).isEqualTo(1));

        store.markDeleted(id, UUID.randomUUID(), 3);
        assertThat(store.save(desired(id, 4, 1))).isFalse();
        assertThat(store.find(id)).isEmpty();

        UUID eventId = UUID.randomUUID();
        events.add(eventId);
        assertThat(store.markProcessed(eventId)).isTrue();
        assertThat(store.markProcessed(eventId)).isFalse();
    }

    @Test
    void unreadableRecordGoesToDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        kafka.send(Topics.DEPLOYMENT_EVENTS, key, "not json").get();

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> record : deadLetterConsumer.poll(Duration.ofMillis(100))) {
                if (key.equals(record.key())) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void internalLogsMergeAllReplicasByTimeWithStderrAsErrors() throws Exception {
        UUID id = UUID.randomUUID();
        deployTools(id, 2);

        JsonNode logs = await().atMost(Duration.ofSeconds(20)).until(() -> EventJson.mapper().readTree(
                internal("/internal/deployments/" + id + "/logs?tail=50", InternalIdentity.SYSTEM).body())
                .get("logs"), l -> l.size() >= 4);

        List<String> sources = new ArrayList<>();
        java.time.Instant previous = java.time.Instant.MIN;
        for (JsonNode line : logs) {
            java.time.Instant at = java.time.Instant.parse(line.get("timestamp").asString());
            assertThat(at).isAfterOrEqualTo(previous);
            previous = at;
            sources.add(line.get("source").asString());
            if (line.get("message").asString().startsWith("warming up")) {
                assertThat(line.get("level").asString()).isEqualTo("error");
            }
            if (line.get("message").asString().startsWith("started")) {
                assertThat(line.get("level").asString()).isEqualTo("info");
            }
        }
        assertThat(sources).containsOnly("ce-logs-it-" + id.toString().substring(0, 8) + "-g1-r0",
                "ce-logs-it-" + id.toString().substring(0, 8) + "-g1-r1");
        assertThat(internal("/internal/deployments/" + id + "/logs?tail=1", InternalIdentity.SYSTEM).body())
                .satisfies(b -> assertThat(EventJson.mapper().readTree(b).get("logs").size()).isEqualTo(1));
    }

    @Test
    void followedLogsStreamNewLinesAsNdjsonUntilTheClientCloses() throws Exception {
        UUID id = UUID.randomUUID();
        DeploymentObserved running = deployTools(id, 1);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/deployments/" + id
                + "/logs?tail=10&follow=true"))
                .header(InternalIdentity.HEADER, new InternalIdentity(SECRET).sign(InternalIdentity.SYSTEM)).build();
        var response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
        deployments.add(id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/x-ndjson"));
        List<JsonNode> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (var lines = response.body()) {
                lines.filter(l -> !l.isBlank()).forEach(l -> received.add(EventJson.mapper().readTree(l)));
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                .anyMatch(l -> l.get("message").asString().startsWith("started")));

        get("http://" + running.endpoints().get(0) + "/cgi-bin/break"); // writes "broken by request" to stderr

        JsonNode broken = await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                .filter(l -> l.get("message").asString().equals("broken by request")).findFirst().orElse(null),
                l -> l != null);
        assertThat(broken.get("level").asString()).isEqualTo("error");
        assertThat(broken.get("source").asString()).endsWith("-g1-r0");
        reader.interrupt();
    }

    @Test
    void internalMetricsReportCpuFromUsageDeltaAndMemory() throws Exception {
        UUID id = UUID.randomUUID();
        deployTools(id, 2);

        HttpResponse<String> response = internal("/internal/deployments/" + id + "/metrics", InternalIdentity.SYSTEM);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metrics = EventJson.mapper().readTree(response.body()).get("metrics");
        assertThat(metrics.get("cpu_percent").asDouble()).isBetween(0.0, 200.0);
        assertThat(metrics.get("memory_bytes").asLong()).isPositive();
        assertThat(metrics.get("memory_limit_bytes").asLong()).isEqualTo(2 * 64L * 1024 * 1024);
        assertThat(metrics.get("replicas")).hasSize(2);
        assertThat(metrics.get("replicas").get(0).has("name")).isTrue();
        assertThat(metrics.get("replicas").get(0).has("cpu_percent")).isTrue();
        assertThat(java.time.Instant.parse(metrics.get("sampled_at").asString())).isNotNull();
    }

    @Test
    void metricsOfADeploymentWithNothingRunningAreUnavailable() throws Exception {
        HttpResponse<String> response = internal("/internal/deployments/" + UUID.randomUUID() + "/metrics",
                InternalIdentity.SYSTEM);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"metrics unavailable\"}}");
    }

    @Test
    void internalEndpointsAreHiddenFromUsersAndRefusedWithoutIdentity() throws Exception {
        UUID id = UUID.randomUUID();
        HttpResponse<String> othersLogs = internal("/internal/deployments/" + id + "/logs", UUID.randomUUID());
        assertThat(othersLogs.statusCode()).isEqualTo(404);
        assertThat(othersLogs.body()).isEqualTo("{\"error\":{\"message\":\"Not found\"}}");
        HttpResponse<String> badId = internal("/internal/deployments/not-a-uuid/logs", InternalIdentity.SYSTEM);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).startsWith("{\"error\":{\"message\":");
        assertThat(internal("/internal/deployments/" + id + "/metrics", UUID.randomUUID()).statusCode())
                .isEqualTo(404);
        assertThat(internal("/internal/deployments/" + id + "/logs", null).statusCode()).isEqualTo(401);
        assertThat(internal("/internal/deployments/" + id + "/logs", InternalIdentity.SYSTEM).body())
                .isEqualTo("{\"logs\":[]}");
    }

    @Test
    void healthAnswersWithoutIdentity() throws Exception {
        assertThat(get("http://127.0.0.1:" + port + "/health")).contains("\"status\":\"healthy\"");
    }
}
