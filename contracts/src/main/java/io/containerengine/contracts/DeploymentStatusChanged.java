package io.containerengine.contracts;

import java.util.List;
import java.util.UUID;

/**
 * The status deployment-service recorded for a deployment changed.
 *
 * @param endpoints where the ready replicas answer (host:port), used by the gateway's Host routing on the local
 *                  runtime; empty when none is ready
 * @param customDomains verified custom domains routed to the same endpoints
 */
public record DeploymentStatusChanged(
        UUID deploymentId,
        UUID userId,
        String appName,
        String host,
        DeploymentStatus status,
        DeploymentStatus previousStatus,
        String url,
        List<String> endpoints,
        String errorMessage,
        long generation,
        List<String> customDomains) {

    public DeploymentStatusChanged {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        customDomains = customDomains == null ? List.of() : List.copyOf(customDomains);
    }

    /** A status change without custom domains (version 1 producers). */
    public DeploymentStatusChanged(UUID deploymentId, UUID userId, String appName, String host,
            DeploymentStatus status, DeploymentStatus previousStatus, String url, List<String> endpoints,
            String errorMessage, long generation) {
        this(deploymentId, userId, appName, host, status, previousStatus, url, endpoints, errorMessage, generation,
                List.of());
    }
}
