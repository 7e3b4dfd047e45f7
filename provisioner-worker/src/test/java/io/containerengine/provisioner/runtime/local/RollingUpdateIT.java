package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/**
 * A new version starts beside the old one; the reported endpoints (what the gateway routes to) switch only when
 * it is ready; a version that never becomes ready is rolled back while the old one keeps serving.
 */
class RollingUpdateIT {

    static final Duration WAIT = Duration.ofSeconds(40);
    static final HealthCheck CHECK = new HealthCheck("/health", 0, 1, 1, 3);

    /** Emptied after each test, closed after the class. */
    @RegisterExtension
    static final RuntimeHarness h = new RuntimeHarness(RuntimeHarness.SHARED_PODMAN, 43400, 43499,
            s -> s.withReadinessTimeout(Duration.ofSeconds(4)));
    static final String tools = TestImages.TOOLS;

    @Test
    void trafficMovesToTheNewVersionOnlyWhenItIsReadyAndTheOldIsRemovedAfter() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, tools, 2, Map.of("GREETING", "v1"), null, CHECK));
        DeploymentObserved v1 = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);

        // A client that always uses the newest reported endpoints, as the gateway does.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            while (!stop.get()) {
                DeploymentObserved current = h.last(id);
                for (String endpoint : current.endpoints()) {
                    try {
                        var response = get(endpoint, "/cgi-bin/env");
                        requests.incrementAndGet();
                        if (response.statusCode() != 200) {
                            failures.add(endpoint + " -> " + response.statusCode());
                        }
                    } catch (Exception e) {
                        failures.add(endpoint + " -> " + e);
                    }
                }
            }
        });
        client.start();
        int before = h.observed(id).size();
        // v2 listens only after 2 s: not ready, so not routed, until then
        h.apply(state(id, 2, tools, 2, Map.of("GREETING", "v2", "LISTEN_AFTER", "2"), null, CHECK));
        DeploymentObserved v2 = h.await(id, WAIT, o -> o.generation() == 2 && o.phase() == ObservedPhase.RUNNING);
        Awaitility.await().atMost(WAIT).until(() -> h.containers(id).size() == 2);
        Thread.sleep(200); // a few requests against the new endpoints only
        stop.set(true);
        client.join();

        assertThat(failures).isEmpty();
        assertThat(requests.get()).isPositive();
        List<DeploymentObserved> all = h.observed(id);
        int switched = before;
        while (!(all.get(switched).generation() == 2 && all.get(switched).phase() == ObservedPhase.RUNNING)) {
            switched++;
        }
        List<DeploymentObserved> during = all.subList(before, switched);
        assertThat(during).isNotEmpty().allSatisfy(o -> {
            assertThat(o.phase()).isEqualTo(ObservedPhase.DEPLOYING);
            assertThat(o.endpoints()).containsExactlyInAnyOrderElementsOf(v1.endpoints());
        });
        assertThat(v2.endpoints()).hasSize(2).doesNotContainAnyElementsOf(v1.endpoints());
        for (String endpoint : v2.endpoints()) {
            assertThat(get(endpoint, "/cgi-bin/env").body()).contains("greeting=v2");
        }
        assertThat(h.containers(id)).allSatisfy(c -> assertThat(c.getLabels()).containsEntry(Labels.GENERATION, "2"));
    }

    @Test
    void replacedReplicasKeepAnsweringThroughTheDrainPeriodThenGo() throws Exception {
        try (RuntimeHarness drained = new RuntimeHarness(RuntimeHarness.SHARED_PODMAN, 44600, 44649,
                s -> s.withReadinessTimeout(Duration.ofSeconds(4)).withDrainPeriod(Duration.ofMillis(1500)))) {
            UUID id = UUID.randomUUID();
            try {
                drained.apply(state(id, 1, tools, 1, Map.of("GREETING", "v1"), null, CHECK));
                DeploymentObserved v1 = drained.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
                drained.apply(state(id, 2, tools, 1, Map.of("GREETING", "v2"), null, CHECK));
                drained.await(id, WAIT, o -> o.generation() == 2 && o.phase() == ObservedPhase.RUNNING);

                // the gateway may still route to the old endpoint for a moment: it must still answer
                assertThat(get(v1.endpoints().get(0), "/cgi-bin/env").body()).contains("greeting=v1");
                Awaitility.await().atMost(WAIT).until(() -> drained.containers(id).size() == 1);
                assertThat(drained.containers(id))
                        .allSatisfy(c -> assertThat(c.getLabels()).containsEntry(Labels.GENERATION, "2"));
            } finally {
                drained.removeAll();
            }
        }
    }

    @Test
    void versionThatNeverBecomesReadyIsRolledBackAndTheOldKeepsServing() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, tools, 2, Map.of("GREETING", "v1"), null, CHECK));
        DeploymentObserved v1 = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
        long start = System.nanoTime();

        h.apply(state(id, 2, tools, 2, Map.of("GREETING", "v2", "NO_LISTEN", "1"), null, CHECK));
        DeploymentObserved failed = h.await(id, WAIT, o -> o.generation() == 2 && o.phase() == ObservedPhase.FAILED);

        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(30);
        assertThat(failed.message()).contains("new version (generation 2) did not become ready")
                .contains("health check").contains("rolled back: generation 1 keeps serving");
        assertThat(failed.endpoints()).containsExactlyInAnyOrderElementsOf(v1.endpoints());
        assertThat(failed.readyReplicas()).isEqualTo(2);
        for (String endpoint : failed.endpoints()) {
            assertThat(get(endpoint, "/cgi-bin/env").body()).contains("greeting=v1");
        }
        assertThat(h.containers(id)).hasSize(2)
                .allSatisfy(c -> assertThat(c.getLabels()).containsEntry(Labels.GENERATION, "1"));

        // Self-healing keeps the old version, and does not try the failed one again.
        h.reconcileAll();
        h.apply(h.desired.get(id)).get();
        assertThat(h.containers(id)).hasSize(2)
                .allSatisfy(c -> assertThat(c.getLabels()).containsEntry(Labels.GENERATION, "1"));
        assertThat(h.last(id).phase()).isEqualTo(ObservedPhase.FAILED);
        assertThat(h.last(id).endpoints()).containsExactlyInAnyOrderElementsOf(v1.endpoints());

        // A fixed version rolls out normally.
        h.apply(state(id, 3, tools, 2, Map.of("GREETING", "v3"), null, CHECK));
        DeploymentObserved v3 = h.await(id, WAIT, o -> o.generation() == 3 && o.phase() == ObservedPhase.RUNNING);
        assertThat(v3.message()).isNull();
        assertThat(get(v3.endpoints().get(0), "/cgi-bin/env").body()).contains("greeting=v3");
    }

    @Test
    void versionThatCrashesOnStartIsRolledBackAtOnce() {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, tools, 1, Map.of("GREETING", "v1"), null, null));
        DeploymentObserved v1 = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);

        h.apply(state(id, 2, tools, 1, Map.of("CRASH_AT_START", "1"), null, CHECK));
        DeploymentObserved failed = h.await(id, WAIT, o -> o.generation() == 2 && o.phase() == ObservedPhase.FAILED);

        assertThat(failed.message()).contains("container exited with code 3").contains("rolled back");
        assertThat(failed.endpoints()).isEqualTo(v1.endpoints());
    }
}
