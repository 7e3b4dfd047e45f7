package io.containerengine.deployments.deployments;

import io.containerengine.common.web.RejectUnknownFields;

/** Body of {@code PATCH /v1/deployments/{id}/scale}. */
@RejectUnknownFields
public record ScaleDeploymentRequest(Integer replicas) {
}
