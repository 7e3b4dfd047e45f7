package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/** Health checks probed by the provisioner itself (podman runs no HEALTHCHECKs here). */
class HealthCheckIT {

    static final Duration WAIT = Duration.ofSeconds(40);

    /** Emptied after each test, closed after the class. */
    @RegisterExtension
    static final RuntimeHarness h = new RuntimeHarness(RuntimeHarness.SHARED_PODMAN, 43100, 43199,
            s -> s.withReadinessTimeout(Duration.ofSeconds(4)));
    static final String tools = TestImages.TOOLS;

    @Test
    void replicaIsReadyOnlyAfterAPassingProbeAfterTheInitialDelay() throws Exception {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        h.apply(state(id, 1, tools, 1, Map.of(), null, new HealthCheck("/health", 2, 1, 1, 3)));

        DeploymentObserved running = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMs).isGreaterThanOrEqualTo(2000);
        assertThat(h.observed(id)).filteredOn(o -> o.phase() != ObservedPhase.RUNNING)
                .allSatisfy(o -> assertThat(o.readyReplicas()).isZero());
        assertThat(running.health()).isEqualTo("healthy");
        assertThat(running.lastHealthCheckAt()).isNotNull();
        assertThat(get(running.endpoints().get(0), "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAHealthCheckAReplicaIsReadyWhenItsPortAcceptsConnections() {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        h.apply(state(id, 1, tools, 1, Map.of("LISTEN_AFTER", "2"), null, null));

        DeploymentObserved running = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2000);
        assertThat(running.readyReplicas()).isEqualTo(1);
        assertThat(running.health()).isEqualTo("healthy");
    }

    @Test
    void failingLivenessRestartsTheReplicaAndCountsTheRestart() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, tools, 1, Map.of(), null, new HealthCheck("/health", 0, 1, 1, 2)));
        DeploymentObserved running = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
        String containerId = h.containers(id).get(0).getId();
        assertThat(running.restartCount()).isZero();

        assertThat(get(running.endpoints().get(0), "/cgi-bin/break").body()).contains("broken");

        DeploymentObserved unhealthy = h.await(id, WAIT, o -> o.phase() == ObservedPhase.FAILED);
        assertThat(unhealthy.message()).contains("health check failed").contains("HTTP 404");
        assertThat(unhealthy.health()).isEqualTo("unhealthy");
        assertThat(unhealthy.readyReplicas()).isZero();

        DeploymentObserved healed = h.await(id, WAIT,
                o -> o.phase() == ObservedPhase.RUNNING && o.restartCount() == 1);
        assertThat(healed.health()).isEqualTo("healthy");
        // restarted in place, like a kubelet restarts a container of the same pod
        assertThat(h.containers(id)).singleElement().satisfies(c -> assertThat(c.getId()).isEqualTo(containerId));
        assertThat(get(healed.endpoints().get(0), "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void healthCheckThatNeverPassesFailsTheDeploymentWithTheReason() {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, tools, 1, Map.of(), null, new HealthCheck("/missing", 0, 1, 1, 3)));

        DeploymentObserved failed = h.await(id, WAIT, o -> o.phase() == ObservedPhase.FAILED);

        assertThat(failed.message()).contains("did not pass its health check").contains("HTTP 404");
        assertThat(failed.endpoints()).isEmpty();
        assertThat(h.running(id)).isEmpty();
        // A failed first version is not retried by reconciliation (a new desired state is needed).
        h.reconcileAll();
        h.apply(h.desired.get(id)).join();
        assertThat(h.running(id)).isEmpty();
        assertThat(h.last(id).phase()).isEqualTo(ObservedPhase.FAILED);
    }
}
