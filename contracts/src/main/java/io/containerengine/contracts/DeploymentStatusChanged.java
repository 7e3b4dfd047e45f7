package io.containerengine.contracts;

import java.util.List;
import java.util.UUID;

/**
 * The status deployment-service recorded for a deployment changed.
 *
 * @param endpoints where the ready replicas answer (host:port), used by the gateway's Host routing on the local
 *                  runtime; empty when none is ready
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
        long generation) {

    public DeploymentStatusChanged {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
