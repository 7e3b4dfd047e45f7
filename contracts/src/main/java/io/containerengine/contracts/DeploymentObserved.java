package io.containerengine.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the provisioner-worker observed of a deployment on its runtime.
 *
 * @param generation the desired-state generation the observed replicas run
 * @param endpoints  host:port of each ready replica, as reachable from the gateway
 * @param message    a readable reason when {@code phase} is failed (or a progress note), else null
 */
public record DeploymentObserved(
        UUID deploymentId,
        UUID userId,
        long generation,
        ObservedPhase phase,
        int desiredReplicas,
        int readyReplicas,
        List<String> endpoints,
        int restartCount,
        String message,
        Instant observedAt) {

    public DeploymentObserved {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
