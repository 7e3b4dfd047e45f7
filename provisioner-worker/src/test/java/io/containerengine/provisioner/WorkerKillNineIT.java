package io.containerengine.provisioner;

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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.contracts.Topics;
import io.containerengine.provisioner.runtime.local.TestImages;

/**
 * The real worker (its main class, in a child JVM on this module's classpath) is killed with SIGKILL in the
 * middle of a deploy and a second worker process is started on the same database, Kafka and podman: it converges
 * to the desired state with nothing duplicated. A child process rather than a second application context,
 * because only a process can really be kill -9'ed: no shutdown hooks, no executor drained, containers half made.
 */
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.RUNTIME_EVENTS}, partitions = 1)
class WorkerKillNineIT {

    static final String SECRET = "provisioner-test-secret-0123456789abcdef";
    static final String SECRETS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    final String instance = "it-k9-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Process> children = new ArrayList<>();
    final UUID deploymentId = UUID.randomUUID();
    final JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test",
            "postgres", ""));
    final DockerClient docker = DockerClientImpl.getInstance(
            DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost()).build(),
            new ApacheDockerHttpClient.Builder().dockerHost(URI.create(dockerHost())).build());

    static String dockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? "unix:///run/container-engine/podman.sock" : env;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (Container c : containers()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        jdbc.sql("delete from provisioner.desired_state where deployment_id = :id").param("id", deploymentId).update();
        jdbc.sql("delete from provisioner.rollout_state where deployment_id = :id").param("id", deploymentId).update();
        docker.close();
    }

    private List<Container> containers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(
                "io.containerengine.deployment-id", deploymentId.toString(),
                "io.containerengine.instance", instance)).exec();
    }

    private Process startWorker(String brokers, int n) throws Exception {
        Path log = Path.of("target", "kill-nine-worker-" + n + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                ProvisionerApplication.class.getName(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + brokers,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
                "--spring.datasource.username=postgres",
                "--ce.identity.secret=" + SECRET,
                "--ce.secrets.key=" + SECRETS_KEY,
                "--ce.provisioner.instance-id=" + instance,
                "--ce.provisioner.topic-partitions=1",
                "--ce.provisioner.reconcile-interval=2s",
                "--ce.provisioner.local.docker-host=" + dockerHost(),
                "--ce.provisioner.local.host-port-range=44300-44399");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(p);
        return p;
    }

    @Test
    void workerKilledMidDeployIsReplacedByOneThatConvergesWithoutDuplicates(EmbeddedKafkaBroker broker)
            throws Exception {
        String brokers = broker.getBrokersAsString();
        Consumer<String, String> observed = new DefaultKafkaConsumerFactory<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "k9-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer()).createConsumer();
        observed.subscribe(List.of(Topics.RUNTIME_EVENTS));
        List<DeploymentObserved> seen = new ArrayList<>();

        Process first = startWorker(brokers, 1);
        // 3 replicas whose health check passes only after 3 s: the deploy is in progress for a while
        DeploymentDesiredState desired = new DeploymentDesiredState(deploymentId, UUID.randomUUID(), "k9", 1,
                TestImages.SAMPLE, 80, Map.of("GREETING", "k9"), 3, null,
                new DeploymentDesiredState.HealthCheck("/", 3, 1, 1, 3), null, "k9.localhost", null);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, deploymentId.toString(), EventJson.write(
                    EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, deploymentId, desired.userId(), desired)))).get();
        }

        // mid-deploy: containers are there, the deployment is not ready yet
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                .until(() -> !containers().isEmpty());
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        poll(observed, seen);
        assertThat(seen).noneMatch(o -> o.phase() == ObservedPhase.RUNNING);
        Set<String> runningAtKill = containers().stream().filter(c -> "running".equals(c.getState()))
                .map(Container::getId).collect(Collectors.toSet());

        startWorker(brokers, 2);

        DeploymentObserved running = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    poll(observed, seen);
                    return seen.stream().filter(o -> o.phase() == ObservedPhase.RUNNING).findFirst().orElse(null);
                }, o -> o != null);
        observed.close();

        assertThat(running.readyReplicas()).isEqualTo(3);
        assertThat(running.endpoints()).hasSize(3).doesNotHaveDuplicates();
        List<Container> after = containers();
        assertThat(after).hasSize(3).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
        assertThat(after).extracting(c -> c.getLabels().get("io.containerengine.replica"))
                .containsExactlyInAnyOrder("0", "1", "2");
        // what already ran when the first worker died was kept, not re-created
        assertThat(after).extracting(Container::getId).containsAll(runningAtKill);
        HttpClient http = HttpClient.newHttpClient();
        for (String endpoint : running.endpoints()) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/cgi-bin/env")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("greeting=k9");
        }
        // and it stays that way: the periodic pass (every 2 s) adds nothing
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                .until(() -> containers().size() == 3);
    }

    private static void poll(Consumer<String, String> consumer, List<DeploymentObserved> into) {
        for (var record : consumer.poll(Duration.ofMillis(100))) {
            EventEnvelope e = EventJson.read(record.value());
            if (EventTypes.DEPLOYMENT_OBSERVED.equals(e.type())) {
                into.add(e.payloadAs(DeploymentObserved.class));
            }
        }
    }
}
