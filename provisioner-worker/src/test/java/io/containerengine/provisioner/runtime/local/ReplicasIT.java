package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.dockerjava.api.model.Container;

import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/** N containers on allocated ports; scale up and down in place; stop removes, start brings back. */
class ReplicasIT {

    static final Duration WAIT = Duration.ofSeconds(40);

    /** Emptied after each test, closed after the class. */
    @RegisterExtension
    static final RuntimeHarness h = new RuntimeHarness(43300, 43399);

    @Test
    void scalesUpAndDownKeepingTheReplicasThatRun() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, TestImages.SAMPLE, 1, Map.of("GREETING", "scaled"), null, null));
        DeploymentObserved one = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
        String first = h.containers(id).get(0).getId();

        int before = h.observed(id).size();
        h.apply(state(id, 2, TestImages.SAMPLE, 3, Map.of("GREETING", "scaled"), null, null));
        DeploymentObserved three = h.await(id, WAIT,
                o -> o.generation() == 2 && o.phase() == ObservedPhase.RUNNING);

        assertThat(three.endpoints()).hasSize(3).doesNotHaveDuplicates().contains(one.endpoints().get(0));
        assertThat(h.containers(id)).extracting(Container::getId).contains(first).hasSize(3);
        // while scaling, the running replica stayed in every reported endpoint list
        assertThat(h.observed(id).subList(before, h.observed(id).size()))
                .allSatisfy(o -> assertThat(o.endpoints()).contains(one.endpoints().get(0)));
        for (String endpoint : three.endpoints()) {
            assertThat(get(endpoint, "/cgi-bin/env").body()).contains("greeting=scaled");
        }

        h.apply(state(id, 3, TestImages.SAMPLE, 1, Map.of("GREETING", "scaled"), null, null));
        DeploymentObserved back = h.await(id, WAIT, o -> o.generation() == 3 && o.phase() == ObservedPhase.RUNNING);

        assertThat(back.endpoints()).containsExactly(one.endpoints().get(0));
        Awaitility.await().atMost(WAIT).until(() -> h.containers(id).size() == 1);
        assertThat(h.containers(id)).extracting(Container::getId).containsExactly(first);
    }

    @Test
    void stopRemovesTheContainersAndStartBringsThemBack() throws Exception {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, TestImages.SAMPLE, 2, Map.of(), null, null));
        h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);

        h.apply(state(id, 2, TestImages.SAMPLE, 0, Map.of(), null, null)).get();
        assertThat(h.last(id)).satisfies(o -> {
            assertThat(o.phase()).isEqualTo(ObservedPhase.STOPPED);
            assertThat(o.endpoints()).isEmpty();
        });
        assertThat(h.containers(id)).isEmpty();

        h.apply(state(id, 3, TestImages.SAMPLE, 2, Map.of(), null, null));
        DeploymentObserved started = h.await(id, WAIT,
                o -> o.generation() == 3 && o.phase() == ObservedPhase.RUNNING);
        assertThat(started.endpoints()).hasSize(2);
        for (String endpoint : started.endpoints()) {
            assertThat(get(endpoint, "/").statusCode()).isEqualTo(200);
        }
        assertThat(h.containers(id)).hasSize(2).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    }
}
