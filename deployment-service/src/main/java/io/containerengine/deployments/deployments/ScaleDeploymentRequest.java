package io.containerengine.deployments.deployments;

/** Body of {@code PATCH /v1/deployments/{id}/scale}. */
public record ScaleDeploymentRequest(Integer replicas) {
}
