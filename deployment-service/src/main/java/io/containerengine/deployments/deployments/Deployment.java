package io.containerengine.deployments.deployments;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;
import io.containerengine.contracts.DeploymentStatus;

/** One row of {@code deployment}: the desired state plus what was last observed of it. */
public record Deployment(
        UUID id,
        UUID userId,
        String appName,
        String image,
        int port,
        Map<String, String> envVars,
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
        Instant deployedAt) {
}
