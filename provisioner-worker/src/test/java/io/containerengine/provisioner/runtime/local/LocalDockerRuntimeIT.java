package io.containerengine.provisioner.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.provisioner.ports.HostPortAllocator;

/** Against the real podman Docker-API service of this machine (DOCKER_HOST or the project's socket). */
class LocalDockerRuntimeIT {

    private static final Logger log = LoggerFactory.getLogger(LocalDockerRuntimeIT.class);
    static final String SAMPLE = "localhost/ce-sample:latest";

    static DockerClient docker;
    static LocalDockerRuntime runtime;
    static ContainerDeathWatcher watcher;
    static final List<DeploymentObserved> observed = new CopyOnWriteArrayList<>();
    static final Map<UUID, DeploymentDesiredState> desired = new ConcurrentHashMap<>();
    static final Set<UUID> created = ConcurrentHashMap.newKeySet();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void connect() {
        docker = LocalRuntimeConfiguration.dockerClient(dockerHost());
        runtime = new LocalDockerRuntime(docker, new HostPortAllocator(43000, 43499), observed::add,
                id -> Optional.ofNullable(desired.get(id)), Duration.ofSeconds(30), Duration.ofMinutes(2));
        runtime.start();
        watcher = new ContainerDeathWatcher(docker, runtime::containerDied);
        watcher.start();
    }

    static String dockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? "unix:///run/container-engine/podman.sock" : env;
    }

    @AfterEach
    void removeContainers() {
        for (UUID id : created) {
            removeContainersOf(docker, id);
        }
        created.clear();
        desired.clear();
    }

    @AfterAll
    static void close() throws Exception {
        watcher.close();
        docker.close();
    }

    static void removeContainersOf(DockerClient docker, UUID deploymentId) {
        for (Container c : containersOf(docker, deploymentId)) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    static List<Container> containersOf(DockerClient docker, UUID deploymentId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.DEPLOYMENT_ID, deploymentId.toString())).exec();
    }

    static DeploymentDesiredState desiredState(UUID id, long generation, String image, int replicas,
            Map<String, String> env) {
        return new DeploymentDesiredState(id, UUID.randomUUID(), "it-app", generation, image, 80, env, replicas,
                new DeploymentDesiredState.Resources("250m", "64Mi"), null, null, "it-app.localhost",
                "http://it-app.localhost:3000");
    }

    private DeploymentDesiredState apply(DeploymentDesiredState state) {
        created.add(state.deploymentId());
        desired.put(state.deploymentId(), state);
        runtime.apply(state);
        return state;
    }

    private static DeploymentObserved awaitPhase(UUID id, long generation, ObservedPhase phase) {
        return await().atMost(Duration.ofSeconds(35)).pollInterval(Duration.ofMillis(10))
                .until(() -> last(id, generation, phase), found -> found != null);
    }

    private static DeploymentObserved last(UUID id, long generation, ObservedPhase phase) {
        DeploymentObserved match = null;
        for (DeploymentObserved o : observed) {
            if (o.deploymentId().equals(id) && o.generation() == generation && o.phase() == phase) {
                match = o;
            }
        }
        return match;
    }

    static HttpResponse<String> get(String endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runsSampleImageAndServesItsPageWithEnv() throws Exception {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        apply(desiredState(id, 1, SAMPLE, 1, Map.of("GREETING", "hello")));
        DeploymentObserved running = awaitPhase(id, 1, ObservedPhase.RUNNING);
        log.info("apply -> running took {} ms", (System.nanoTime() - start) / 1_000_000);

        assertThat(observed).filteredOn(o -> o.deploymentId().equals(id)).extracting(DeploymentObserved::phase)
                .containsExactly(ObservedPhase.DEPLOYING, ObservedPhase.RUNNING);
        assertThat(running.readyReplicas()).isEqualTo(1);
        assertThat(running.desiredReplicas()).isEqualTo(1);
        assertThat(running.endpoints()).hasSize(1).allMatch(e -> e.startsWith("127.0.0.1:"));
        String endpoint = running.endpoints().get(0);
        assertThat(get(endpoint, "/").body()).contains("Hello from Container Engine");
        assertThat(get(endpoint, "/cgi-bin/env").body()).contains("greeting=hello");

        List<Container> containers = containersOf(docker, id);
        assertThat(containers).hasSize(1);
        Map<String, String> labels = containers.get(0).getLabels();
        assertThat(labels).containsEntry(Labels.GENERATION, "1").containsEntry(Labels.APP_NAME, "it-app")
                .containsEntry(Labels.REPLICA, "0").containsKey(Labels.USER_ID);
        assertThat(containers.get(0).getNames()[0]).endsWith("ce-it-app-" + id.toString().substring(0, 8) + "-g1-r0");
        var hostConfig = docker.inspectContainerCmd(containers.get(0).getId()).exec().getHostConfig();
        assertThat(hostConfig.getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(hostConfig.getMemory()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void reappliedGenerationKeepsItsContainer() {
        UUID id = UUID.randomUUID();
        DeploymentDesiredState state = apply(desiredState(id, 1, SAMPLE, 1, Map.of()));
        DeploymentObserved first = awaitPhase(id, 1, ObservedPhase.RUNNING);
        String containerId = containersOf(docker, id).get(0).getId();
        observed.clear();

        runtime.apply(state);

        assertThat(observed).singleElement().satisfies(o -> {
            assertThat(o.phase()).isEqualTo(ObservedPhase.RUNNING);
            assertThat(o.endpoints()).isEqualTo(first.endpoints());
        });
        assertThat(runtime.matches(state)).isTrue();
        assertThat(containersOf(docker, id)).extracting(Container::getId).containsExactly(containerId);
    }

    @Test
    void missingImageFailsWithReadableMessage() {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        apply(desiredState(id, 1, "localhost/does-not-exist:1", 1, Map.of()));
        DeploymentObserved failed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> last(id, 1, ObservedPhase.FAILED), found -> found != null);
        log.info("apply -> failed took {} ms: {}", (System.nanoTime() - start) / 1_000_000, failed.message());

        assertThat(failed.message()).startsWith("image pull failed: ").hasSizeLessThan(320);
        assertThat(failed.readyReplicas()).isZero();
        assertThat(containersOf(docker, id)).isEmpty();
    }

    @Test
    void twoReplicasAnswerOnTwoEndpoints() throws Exception {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        apply(desiredState(id, 1, SAMPLE, 2, Map.of("GREETING", "twins")));
        DeploymentObserved running = awaitPhase(id, 1, ObservedPhase.RUNNING);
        log.info("apply (2 replicas) -> running took {} ms", (System.nanoTime() - start) / 1_000_000);

        assertThat(running.readyReplicas()).isEqualTo(2);
        assertThat(running.endpoints()).hasSize(2).doesNotHaveDuplicates();
        for (String endpoint : running.endpoints()) {
            assertThat(get(endpoint, "/").statusCode()).isEqualTo(200);
            assertThat(get(endpoint, "/cgi-bin/env").body()).contains("greeting=twins");
        }
        assertThat(containersOf(docker, id)).hasSize(2);
    }

    @Test
    void deleteRemovesContainersAndReportsDeleted() {
        UUID id = UUID.randomUUID();
        DeploymentDesiredState state = apply(desiredState(id, 1, SAMPLE, 2, Map.of()));
        awaitPhase(id, 1, ObservedPhase.RUNNING);

        desired.remove(id);
        runtime.delete(new DeploymentDeleted(id, state.userId(), state.appName(), state.host(), 2));

        assertThat(containersOf(docker, id)).isEmpty();
        assertThat(last(id, 2, ObservedPhase.DELETED)).isNotNull()
                .satisfies(o -> assertThat(o.endpoints()).isEmpty());
    }

    @Test
    void newGenerationReplacesTheOldContainer() throws Exception {
        UUID id = UUID.randomUUID();
        apply(desiredState(id, 1, SAMPLE, 1, Map.of("GREETING", "first")));
        String oldContainer = containersOf(docker, id).get(0).getId();
        awaitPhase(id, 1, ObservedPhase.RUNNING);

        long start = System.nanoTime();
        apply(desiredState(id, 2, SAMPLE, 1, Map.of("GREETING", "second")));
        DeploymentObserved running = awaitPhase(id, 2, ObservedPhase.RUNNING);
        log.info("update -> running took {} ms", (System.nanoTime() - start) / 1_000_000);

        List<Container> containers = containersOf(docker, id);
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).getId()).isNotEqualTo(oldContainer);
        assertThat(containers.get(0).getLabels()).containsEntry(Labels.GENERATION, "2");
        assertThat(get(running.endpoints().get(0), "/cgi-bin/env").body()).contains("greeting=second");
    }

    @Test
    void zeroReplicasStopsTheDeployment() {
        UUID id = UUID.randomUUID();
        apply(desiredState(id, 1, SAMPLE, 1, Map.of()));
        awaitPhase(id, 1, ObservedPhase.RUNNING);

        apply(desiredState(id, 2, SAMPLE, 0, Map.of()));

        assertThat(last(id, 2, ObservedPhase.STOPPED)).isNotNull();
        assertThat(containersOf(docker, id)).isEmpty();
    }

    @Test
    void crashOfACurrentReplicaIsReportedFromTheEventsStream() {
        UUID id = UUID.randomUUID();
        apply(desiredState(id, 1, SAMPLE, 1, Map.of()));
        awaitPhase(id, 1, ObservedPhase.RUNNING);

        long start = System.nanoTime();
        docker.killContainerCmd(containersOf(docker, id).get(0).getId()).withSignal("KILL").exec();

        DeploymentObserved failed = awaitPhase(id, 1, ObservedPhase.FAILED);
        log.info("kill -> failed observed in {} ms", (System.nanoTime() - start) / 1_000_000);
        assertThat(failed.message()).startsWith("container exited with code 137");
        assertThat(failed.endpoints()).isEmpty();
    }
}
