package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static io.containerengine.provisioner.runtime.local.TestImages.SAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.model.Container;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/** Against the real podman Docker-API service of this machine (DOCKER_HOST or the project's socket). */
class LocalDockerRuntimeIT {

    private static final Logger log = LoggerFactory.getLogger(LocalDockerRuntimeIT.class);
    static final Duration WAIT = Duration.ofSeconds(35);

    /** Emptied after each test, closed after the class. */
    @RegisterExtension
    static final RuntimeHarness h = new RuntimeHarness(43000, 43099);

    static DeploymentDesiredState desiredState(UUID id, long generation, String image, int replicas,
            Map<String, String> env) {
        return state(id, generation, image, replicas, env, new DeploymentDesiredState.Resources("250m", "64Mi"), null);
    }

    private DeploymentObserved awaitPhase(UUID id, long generation, ObservedPhase phase) {
        return h.await(id, WAIT, o -> o.generation() == generation && o.phase() == phase);
    }

    @Test
    void runsSampleImageAndServesItsPageWithEnv() throws Exception {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        h.apply(desiredState(id, 1, SAMPLE, 1, Map.of("GREETING", "hello")));
        DeploymentObserved running = awaitPhase(id, 1, ObservedPhase.RUNNING);
        log.info("apply -> running took {} ms", (System.nanoTime() - start) / 1_000_000);

        assertThat(h.observed(id)).extracting(DeploymentObserved::phase)
                .containsExactly(ObservedPhase.DEPLOYING, ObservedPhase.RUNNING);
        assertThat(running.readyReplicas()).isEqualTo(1);
        assertThat(running.desiredReplicas()).isEqualTo(1);
        assertThat(running.health()).isEqualTo("healthy");
        assertThat(running.runningSince()).isNotNull();
        assertThat(running.lastHealthCheckAt()).isNotNull();
        assertThat(running.endpoints()).hasSize(1).allMatch(e -> e.startsWith("127.0.0.1:"));
        String endpoint = running.endpoints().get(0);
        assertThat(get(endpoint, "/").body()).contains("Hello from Container Engine");
        assertThat(get(endpoint, "/cgi-bin/env").body()).contains("greeting=hello");

        List<Container> containers = h.containers(id);
        assertThat(containers).hasSize(1);
        Map<String, String> labels = containers.get(0).getLabels();
        assertThat(labels).containsEntry(Labels.GENERATION, "1").containsEntry(Labels.APP_NAME, "it-app")
                .containsEntry(Labels.REPLICA, "0").containsEntry(Labels.INSTANCE, h.instance)
                .containsKey(Labels.USER_ID).containsKey(Labels.TEMPLATE);
        assertThat(containers.get(0).getNames()[0]).endsWith("ce-it-app-" + id.toString().substring(0, 8) + "-g1-r0");
        var hostConfig = h.docker.inspectContainerCmd(containers.get(0).getId()).exec().getHostConfig();
        assertThat(hostConfig.getNanoCPUs()).isEqualTo(250_000_000L);
        assertThat(hostConfig.getMemory()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void containersRunWithoutPrivilegesOrHostMountsAndPublishOnLoopbackOnly() {
        UUID id = UUID.randomUUID();
        h.apply(desiredState(id, 1, SAMPLE, 1, Map.of()));
        awaitPhase(id, 1, ObservedPhase.RUNNING);

        var inspect = h.docker.inspectContainerCmd(h.containers(id).get(0).getId()).exec();
        var hostConfig = inspect.getHostConfig();
        assertThat(hostConfig.getPrivileged()).isFalse();
        assertThat(hostConfig.getSecurityOpts()).anyMatch(o -> o.startsWith("no-new-privileges"));
        assertThat(hostConfig.getBinds()).isNullOrEmpty();
        assertThat(inspect.getMounts()).isNullOrEmpty();
        assertThat(hostConfig.getDevices()).isNullOrEmpty();
        assertThat(hostConfig.getPidsLimit()).isEqualTo(1024L);
        assertThat(hostConfig.getPortBindings().getBindings().values()).allSatisfy(bindings ->
                assertThat(bindings).allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1")));
        // what the process inside sees: no new privileges for anything it executes
        assertThat(inspect.getState().getRunning()).isTrue();
    }

    @Test
    void reappliedGenerationKeepsItsContainer() throws Exception {
        UUID id = UUID.randomUUID();
        DeploymentDesiredState state = desiredState(id, 1, SAMPLE, 1, Map.of());
        h.apply(state);
        DeploymentObserved first = awaitPhase(id, 1, ObservedPhase.RUNNING);
        String containerId = h.containers(id).get(0).getId();
        int before = h.observed(id).size();

        h.apply(state).get();

        List<DeploymentObserved> after = h.observed(id).subList(before, h.observed(id).size());
        assertThat(after).singleElement().satisfies(o -> {
            assertThat(o.phase()).isEqualTo(ObservedPhase.RUNNING);
            assertThat(o.endpoints()).isEqualTo(first.endpoints());
        });
        assertThat(h.runtime.matches(state)).isTrue();
        assertThat(h.containers(id)).extracting(Container::getId).containsExactly(containerId);
    }

    @Test
    void missingImageFailsWithReadableMessage() {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        h.apply(desiredState(id, 1, "localhost/does-not-exist:1", 1, Map.of()));
        DeploymentObserved failed = awaitPhase(id, 1, ObservedPhase.FAILED);
        log.info("apply -> failed took {} ms: {}", (System.nanoTime() - start) / 1_000_000, failed.message());

        assertThat(failed.message()).startsWith("image pull failed: ").hasSizeLessThan(400);
        assertThat(failed.readyReplicas()).isZero();
        assertThat(h.containers(id)).isEmpty();
    }

    @Test
    void twoReplicasAnswerOnTwoEndpoints() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(desiredState(id, 1, SAMPLE, 2, Map.of("GREETING", "twins")));
        DeploymentObserved running = awaitPhase(id, 1, ObservedPhase.RUNNING);

        assertThat(running.readyReplicas()).isEqualTo(2);
        assertThat(running.endpoints()).hasSize(2).doesNotHaveDuplicates();
        for (String endpoint : running.endpoints()) {
            assertThat(get(endpoint, "/").statusCode()).isEqualTo(200);
            assertThat(get(endpoint, "/cgi-bin/env").body()).contains("greeting=twins");
        }
        assertThat(h.containers(id)).hasSize(2);
    }

    @Test
    void deleteRemovesContainersAndReportsDeleted() throws Exception {
        UUID id = UUID.randomUUID();
        DeploymentDesiredState state = desiredState(id, 1, SAMPLE, 2, Map.of());
        h.apply(state);
        awaitPhase(id, 1, ObservedPhase.RUNNING);

        h.desired.remove(id);
        h.executor.submit(id, () -> h.runtime.delete(
                new DeploymentDeleted(id, state.userId(), state.appName(), state.host(), 2))).get();

        assertThat(h.containers(id)).isEmpty();
        assertThat(h.last(id)).satisfies(o -> {
            assertThat(o.phase()).isEqualTo(ObservedPhase.DELETED);
            assertThat(o.generation()).isEqualTo(2);
            assertThat(o.endpoints()).isEmpty();
        });
    }

    @Test
    void newGenerationReplacesTheOldContainer() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(desiredState(id, 1, SAMPLE, 1, Map.of("GREETING", "first")));
        awaitPhase(id, 1, ObservedPhase.RUNNING);
        String oldContainer = h.containers(id).get(0).getId();

        h.apply(desiredState(id, 2, SAMPLE, 1, Map.of("GREETING", "second")));
        DeploymentObserved running = awaitPhase(id, 2, ObservedPhase.RUNNING);

        // the new endpoints are reported first, then the old replica is removed
        List<Container> containers = org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> h.containers(id), c -> c.size() == 1);
        assertThat(containers.get(0).getId()).isNotEqualTo(oldContainer);
        assertThat(containers.get(0).getLabels()).containsEntry(Labels.GENERATION, "2");
        assertThat(get(running.endpoints().get(0), "/cgi-bin/env").body()).contains("greeting=second");
    }

    @Test
    void zeroReplicasStopsTheDeployment() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(desiredState(id, 1, SAMPLE, 1, Map.of()));
        awaitPhase(id, 1, ObservedPhase.RUNNING);

        h.apply(desiredState(id, 2, SAMPLE, 0, Map.of())).get();

        assertThat(h.last(id).phase()).isEqualTo(ObservedPhase.STOPPED);
        assertThat(h.containers(id)).isEmpty();
    }
}
