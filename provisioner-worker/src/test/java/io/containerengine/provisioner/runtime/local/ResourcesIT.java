package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.containerengine.contracts.DeploymentDesiredState.Resources;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/** cpu and memory become limits the kernel enforces; an out-of-memory kill is reported as such. */
class ResourcesIT {

    static final Duration WAIT = Duration.ofSeconds(40);

    /** Emptied after each test, closed after the class. */
    @RegisterExtension
    static final RuntimeHarness h = new RuntimeHarness(43200, 43299);
    static final String tools = TestImages.TOOLS;

    @Test
    void cpuAndMemoryBecomeTheContainersCgroupLimits() {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, TestImages.SAMPLE, 1, Map.of(), new Resources("500m", "48Mi"), null));
        h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);

        String containerId = h.containers(id).get(0).getId();
        var hostConfig = h.docker.inspectContainerCmd(containerId).exec().getHostConfig();
        assertThat(hostConfig.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(hostConfig.getMemory()).isEqualTo(48L * 1024 * 1024);
        // the kernel's view (cgroup memory limit, through the stats API)
        var metrics = h.runtime.metrics(id).orElseThrow();
        assertThat(metrics.memoryLimitBytes()).isEqualTo(48L * 1024 * 1024);
        assertThat(metrics.memoryBytes()).isPositive();
    }

    @Test
    void outOfMemoryKillIsReportedReadablyAndTheReplicaRestarted() {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, tools, 1, Map.of("ALLOCATE_AFTER", "2"), new Resources(null, "32Mi"), null));
        h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);

        DeploymentObserved killed = h.await(id, WAIT, o -> o.phase() == ObservedPhase.FAILED);

        assertThat(killed.message()).startsWith("container killed: out of memory (limit 32Mi)");
        assertThat(killed.readyReplicas()).isZero();
        assertThat(killed.health()).isEqualTo("unhealthy");
        // self-healing restarts it (and it runs out of memory again: a crash loop with back-off)
        h.await(id, WAIT, o -> o.restartCount() >= 1);
    }
}
