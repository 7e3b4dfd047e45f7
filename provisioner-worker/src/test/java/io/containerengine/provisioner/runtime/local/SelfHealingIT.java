package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.dockerjava.api.model.Container;

import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/** Crashed or removed replicas come back (counted, with back-off); orphans of this instance go. */
class SelfHealingIT {

    static final Duration WAIT = Duration.ofSeconds(40);

    /** Emptied after each test, closed after the class. */
    @RegisterExtension
    static final RuntimeHarness h = new RuntimeHarness(44000, 44049);
    static final String tools = TestImages.TOOLS;

    @Test
    void crashingReplicaIsRestartedWithGrowingBackOffAndEachRestartCounted() {
        UUID id = UUID.randomUUID();
        // listens, then exits with code 3 one second later, every time
        h.apply(state(id, 1, tools, 1, Map.of("EXIT_AFTER", "1"), null, null));
        h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);

        DeploymentObserved crashed = h.await(id, WAIT, o -> o.phase() == ObservedPhase.FAILED);
        assertThat(crashed.message()).startsWith("container exited with code 3 (replica 0; restarting in 500 ms)");
        h.await(id, WAIT, o -> o.restartCount() >= 3);

        // the time between a crash report and the restart that follows grows: 0.5 s, 1 s, 2 s
        List<Long> waits = new ArrayList<>();
        Instant crashAt = null;
        int restarts = 0;
        for (DeploymentObserved o : h.observed(id)) {
            if (o.phase() == ObservedPhase.FAILED && crashAt == null) {
                crashAt = o.observedAt();
            } else if (o.restartCount() > restarts) {
                restarts = o.restartCount();
                if (crashAt != null) {
                    waits.add(Duration.between(crashAt, o.observedAt()).toMillis());
                }
                crashAt = null;
            }
        }
        assertThat(waits).hasSizeGreaterThanOrEqualTo(3);
        assertThat(waits.get(0)).isBetween(400L, 1500L);
        assertThat(waits.get(1)).isGreaterThan(waits.get(0));
        assertThat(waits.get(2)).isGreaterThan(waits.get(1));
        assertThat(h.containers(id)).hasSize(1); // restarted in place, never duplicated
    }

    @Test
    void replicaRemovedBehindTheWorkersBackIsRecreated() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, TestImages.SAMPLE, 2, Map.of(), null, null));
        DeploymentObserved running = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
        Container victim = h.containers(id).stream()
                .filter(c -> "1".equals(c.getLabels().get(Labels.REPLICA))).findFirst().orElseThrow();

        h.docker.removeContainerCmd(victim.getId()).withForce(true).exec();

        DeploymentObserved healed = h.await(id, WAIT,
                o -> o.phase() == ObservedPhase.RUNNING && o.restartCount() == 1 && o.readyReplicas() == 2);
        assertThat(h.containers(id)).hasSize(2).extracting(Container::getId).doesNotContain(victim.getId());
        assertThat(h.containers(id)).extracting(c -> c.getLabels().get(Labels.REPLICA))
                .containsExactlyInAnyOrder("0", "1");
        for (String endpoint : healed.endpoints()) {
            assertThat(get(endpoint, "/").statusCode()).isEqualTo(200);
        }
        assertThat(healed.endpoints()).contains(running.endpoints().stream()
                .filter(e -> !e.endsWith(":" + victim.getLabels().get(Labels.HOST_PORT))).findFirst().orElseThrow());
    }

    @Test
    void reconciliationRestartsWhatTheEventsStreamMissedAndRemovesOrphansOfThisInstanceOnly() throws Exception {
        UUID id = UUID.randomUUID();
        try (RuntimeHarness blind = new RuntimeHarness(RuntimeHarness.SHARED_PODMAN, 44050, 44099, s -> s)) {
            blind.watcher.close(); // no events: only the periodic pass can notice
            blind.apply(state(id, 1, TestImages.SAMPLE, 1, Map.of(), null, null));
            blind.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
            String containerId = blind.containers(id).get(0).getId();
            blind.docker.killContainerCmd(containerId).withSignal("KILL").exec();
            Awaitility.await().atMost(WAIT).until(() -> blind.running(id).isEmpty());

            String orphan = create(blind.instance, UUID.randomUUID());
            String foreign = create("other-" + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID());
            try {
                blind.reconcileAll();

                DeploymentObserved healed = blind.await(id, WAIT,
                        o -> o.phase() == ObservedPhase.RUNNING && o.restartCount() == 1);
                assertThat(blind.observed(id)).anySatisfy(o -> assertThat(o.message())
                        .startsWith("container killed (exit code 137, SIGKILL)"));
                assertThat(blind.running(id)).singleElement()
                        .satisfies(c -> assertThat(c.getId()).isEqualTo(containerId));
                assertThat(healed.readyReplicas()).isEqualTo(1);
                Awaitility.await().atMost(WAIT).until(() -> !exists(orphan));
                assertThat(exists(foreign)).isTrue();
            } finally {
                blind.docker.removeContainerCmd(foreign).withForce(true).exec();
            }
        }
    }

    private static String create(String instance, UUID deploymentId) {
        return h.docker.createContainerCmd(TestImages.SAMPLE)
                .withName("ce-orphan-" + deploymentId.toString().substring(0, 8))
                .withLabels(Map.of(Labels.DEPLOYMENT_ID, deploymentId.toString(), Labels.INSTANCE, instance,
                        Labels.GENERATION, "1", Labels.REPLICA, "0"))
                .exec().getId();
    }

    private static boolean exists(String containerId) {
        return h.docker.listContainersCmd().withShowAll(true).exec().stream()
                .anyMatch(c -> c.getId().equals(containerId));
    }
}
