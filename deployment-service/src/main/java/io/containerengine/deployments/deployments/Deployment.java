package io.containerengine.deployments.deployments;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;
import io.containerengine.contracts.DeploymentStatus;

/**
 * One row of {@code deployment}: the desired state plus what was last observed of it.
 *
 * @param secretEnvVarsCiphertext env vars marked secret: name → SecretBox ciphertext (never the plain value)
 * @param replicas          desired replicas now (0 while stopped)
 * @param restoreReplicas   what {@code start} brings back after a stop or a scale to 0
 * @param revision          the revision whose configuration is the desired one
 * @param observedHealth    healthy, unhealthy or unknown as the runtime last reported; null before any report
 * @param runningSince      when the oldest ready replica of the current generation started, per the runtime
 * @param deleteRequestedAt when deletion started; the row disappears once the runtime confirms it
 */
public record Deployment(
        UUID id,
        UUID userId,
        String appName,
        String image,
        int port,
        Map<String, String> envVars,
        Map<String, String> secretEnvVarsCiphertext,
        int replicas,
        Resources resources,
        HealthCheck healthCheck,
        String registryServer,
        String registryUsername,
        String registryPasswordCipher,
        long generation,
        DeploymentStatus status,
        String url,
        List<String> endpoints,
        int readyReplicas,
        Long observedGeneration,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt,
        Instant deployedAt,
        int restoreReplicas,
        int revision,
        String observedHealth,
        int restartCount,
        Instant runningSince,
        Instant lastHealthCheckAt,
        Instant deleteRequestedAt) {

    /** A new deployment as create records it: pending, generation 1, revision 1, nothing observed yet. */
    static Deployment created(UUID id, UUID userId, DeploymentSpec spec, Map<String, String> secretEnvVarsCiphertext,
            String registryPasswordCipher, Instant now) {
        var auth = spec.registryAuth();
        return new Deployment(id, userId, spec.appName(), spec.image(), spec.port(), spec.envVars(),
                secretEnvVarsCiphertext, spec.replicas(),
                spec.resources(), spec.healthCheck(), auth == null ? null : auth.server(),
                auth == null ? null : auth.username(), registryPasswordCipher, 1L, DeploymentStatus.PENDING, null,
                List.of(), 0, null, null, now, now, null, Math.max(1, spec.replicas()), 1, null, 0, null, null, null);
    }
}
