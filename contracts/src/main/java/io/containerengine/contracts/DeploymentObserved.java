package io.containerengine.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the provisioner-worker observed of a deployment on its runtime.
 *
 * @param generation        the desired-state generation the observed replicas run
 * @param endpoints         host:port of each ready replica, as reachable from the gateway
 * @param message           a readable reason when {@code phase} is failed (or a progress note), else null
 * @param health            healthy, unhealthy or unknown (no probe has run yet); null from older producers
 * @param runningSince      when the oldest ready replica of this generation started; null when none is ready
 * @param lastHealthCheckAt when a replica was last probed (health check, or port check without one); may be null
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
        Instant observedAt,
        String health,
        Instant runningSince,
        Instant lastHealthCheckAt) {

    public DeploymentObserved {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** An observation without health details (version 1 producers). */
    public DeploymentObserved(UUID deploymentId, UUID userId, long generation, ObservedPhase phase,
            int desiredReplicas, int readyReplicas, List<String> endpoints, int restartCount, String message,
            Instant observedAt) {
        this(deploymentId, userId, generation, phase, desiredReplicas, readyReplicas, endpoints, restartCount, message,
                observedAt, null, null, null);
    }
}
