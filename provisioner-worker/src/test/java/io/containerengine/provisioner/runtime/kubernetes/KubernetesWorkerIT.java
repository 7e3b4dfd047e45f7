package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.contracts.Topics;
import io.containerengine.provisioner.runtime.Runtime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * The whole worker with {@code ce.provisioner.runtime=kubernetes}: events from embedded Kafka, the real
 * PostgreSQL ({@code test} database), the cluster of {@code KUBECONFIG_PATH} (the CRUD mock server).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "ce.identity.secret=" + KubernetesWorkerIT.SECRET,
        "ce.secrets.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "ce.provisioner.runtime=kubernetes",
        "ce.provisioner.instance-id=it-kubernetes",
        "ce.provisioner.reconcile-interval=1s",
        "ce.provisioner.topic-partitions=1",
        "ce.provisioner.kubernetes.domain-suffix=apps.it.test"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.RUNTIME_EVENTS}, partitions = 1)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkerIT {

    static final String SECRET = "provisioner-test-secret-0123456789abcdef";

    static KubernetesClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Runtime runtime;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;
    @LocalServerPort
    int port;

    final List<UUID> deployments = new ArrayList<>();
    final List<UUID> events = new ArrayList<>();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("KUBECONFIG_PATH", () -> {
            try {
                Path file = Files.createTempFile("kubeconfig", ".yaml");
                file.toFile().deleteOnExit();
                Files.writeString(file, """
                        apiVersion: v1
                        kind: Config
                        clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                        users: [{name: worker, user: {token: it}}]
                        contexts: [{name: mock, context: {cluster: mock, user: worker}}]
                        current-context: mock
                        """.formatted(client.getConfiguration().getMasterUrl()));
                return file.toString();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void cleanUp() {
        for (UUID id : deployments) {
            jdbc.sql("delete from desired_state where deployment_id = :id").param("id", id).update();
        }
        for (UUID id : events) {
            jdbc.sql("delete from processed_events where event_id = :id").param("id", id).update();
        }
    }

    @Test
    void deploysThroughKafkaReportsRunningAndDeletesTheNamespace() throws Exception {
        assertThat(runtime).isInstanceOf(KubernetesRuntime.class);
        UUID id = UUID.randomUUID();
        deployments.add(id);
        DeploymentDesiredState desired = KubeFixture.desired(id, "it-" + id.toString().substring(0, 8), 1,
                "nginx:1.27", 1);
        String ns = "ce-" + desired.appName();
        try (Consumer<String, String> observed = consumer()) {
            send(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, id, desired.userId(), desired));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> client.apps().deployments().inNamespace(ns).withName(desired.appName()).get() != null);
            var kube = new KubeFixture(client, KubernetesRuntimeProperties.defaults("apps.it.test"), null);
            try {
                kube.pod(desired, desired.appName() + "-a", true, KubeFixture.running(0));
                kube.deploymentReady(desired, 1);
            } finally {
                kube.close();
            }
            DeploymentObserved running = awaitObserved(observed, id, ObservedPhase.RUNNING);
            assertThat(running.endpoints()).containsExactly(desired.appName() + "." + ns + ".svc:8080");

            // No metrics server in this cluster: the internal endpoint says so.
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/internal/deployments/" + id + "/metrics"))
                    .header(InternalIdentity.HEADER, new InternalIdentity(SECRET).sign(InternalIdentity.SYSTEM))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(503);
            assertThat(metrics.body()).contains("metrics unavailable");

            // The periodic reconcile brings back what was deleted behind the platform's back.
            client.services().inNamespace(ns).withName(desired.appName()).delete();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.services().inNamespace(ns).withName(desired.appName()).get() != null);

            send(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, id, desired.userId(),
                    new DeploymentDeleted(id, desired.userId(), desired.appName(), desired.host(), 2)));
            awaitObserved(observed, id, ObservedPhase.DELETED);
            assertThat(client.namespaces().withName(ns).get()).isNull();
        }
    }

    private void send(EventEnvelope envelope) throws Exception {
        events.add(envelope.eventId());
        kafka.send(Topics.DEPLOYMENT_EVENTS, envelope.aggregateId().toString(), EventJson.write(envelope)).get();
    }

    private Consumer<String, String> consumer() {
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer()).createConsumer();
        consumer.subscribe(List.of(Topics.RUNTIME_EVENTS));
        return consumer;
    }

    private static DeploymentObserved awaitObserved(Consumer<String, String> consumer, UUID id, ObservedPhase phase) {
        List<DeploymentObserved> seen = new ArrayList<>();
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(100))) {
                EventEnvelope e = EventJson.read(record.value());
                if (e.aggregateId().equals(id)) {
                    seen.add(e.payloadAs(DeploymentObserved.class));
                }
            }
            return seen.stream().filter(o -> o.phase() == phase).findFirst().orElse(null);
        }, o -> o != null);
    }
}
