package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/**
 * The runtime talks to a podman API service of this test's own (same storage as the shared one), which the test
 * kills and starts again: apps keep serving, the events stream reconnects, and a replica that died while the
 * service was down is found and restarted.
 */
class PodmanRestartIT {

    static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void restartOfThePodmanServiceLosesTrackOfNothing() throws Exception {
        try (PodmanService service = new PodmanService(Map.of()).start();
                RuntimeHarness h = new RuntimeHarness(service.dockerHost(), 44100, 44199, s -> s);
                DockerClient shared = LocalRuntimeConfiguration.dockerClient(RuntimeHarness.SHARED_PODMAN)) {
            UUID id = UUID.randomUUID();
            h.apply(state(id, 1, TestImages.SAMPLE, 2, Map.of(), null, null));
            DeploymentObserved running = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
            Container victim = h.containers(id).get(0);

            service.kill();
            // While the service is down: the apps still answer, and one replica dies (through the shared service).
            for (String endpoint : running.endpoints()) {
                assertThat(get(endpoint, "/").statusCode()).isEqualTo(200);
            }
            shared.killContainerCmd(victim.getId()).withSignal("KILL").exec();
            service.start();

            DeploymentObserved healed = h.await(id, WAIT,
                    o -> o.phase() == ObservedPhase.RUNNING && o.restartCount() == 1 && o.readyReplicas() == 2);
            assertThat(h.observed(id)).anySatisfy(o -> assertThat(o.phase()).isEqualTo(ObservedPhase.FAILED));
            assertThat(h.running(id)).hasSize(2).extracting(Container::getId).contains(victim.getId());
            for (String endpoint : healed.endpoints()) {
                assertThat(get(endpoint, "/").statusCode()).isEqualTo(200);
            }

            // And the events stream works again: a crash now is seen at once.
            String other = h.running(id).stream().filter(c -> !c.getId().equals(victim.getId())).findFirst()
                    .orElseThrow().getId();
            h.docker.killContainerCmd(other).withSignal("KILL").exec();
            h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING && o.restartCount() == 2
                    && o.readyReplicas() == 2);
        }
    }
}
