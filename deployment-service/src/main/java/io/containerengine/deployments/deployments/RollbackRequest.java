package io.containerengine.deployments.deployments;

/** Body of {@code POST /v1/deployments/{id}/rollback}: the revision whose configuration to roll out again. */
public record RollbackRequest(Integer revision) {
}
