package io.containerengine.deployments.deployments;

import java.util.UUID;

/**
 * Published (in-process, inside the delete's transaction) when a deployment starts being deleted, so that other
 * features release what it held (custom domains) without deployments depending on them.
 */
public record DeploymentDeletionStarted(UUID deploymentId) {
}
