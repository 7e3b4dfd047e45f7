package io.containerengine.notifications.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;

class StatusTransitionsTest {

    @Test
    void aRouteOnlyChangeIsNoTransitionButANewStatusIs() {
        assertThat(StatusTransitions.isTransition(change(DeploymentStatus.RUNNING, DeploymentStatus.RUNNING))).isFalse();
        assertThat(StatusTransitions.isTransition(change(DeploymentStatus.RUNNING, DeploymentStatus.DEPLOYING))).isTrue();
        assertThat(StatusTransitions.isTransition(change(DeploymentStatus.PENDING, null))).isTrue();
    }

    private static DeploymentStatusChanged change(DeploymentStatus status, DeploymentStatus previous) {
        UUID id = UUID.randomUUID();
        return new DeploymentStatusChanged(id, UUID.randomUUID(), "app", "app.localhost", status, previous,
                "http://app.localhost:3000", List.of("127.0.0.1:41000"), null, 2, List.of("www.example.com"));
    }
}
