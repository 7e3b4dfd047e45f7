package io.containerengine.contracts;

import java.util.UUID;

public record DeploymentDeleted(UUID deploymentId, UUID userId, String appName, String host, long generation) {
}
