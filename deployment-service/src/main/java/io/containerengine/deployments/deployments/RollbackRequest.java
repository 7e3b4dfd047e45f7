package io.containerengine.deployments.deployments;

import io.containerengine.common.web.RejectUnknownFields;

/** Body of {@code POST /v1/deployments/{id}/rollback}: the revision whose configuration to roll out again. */
@RejectUnknownFields
public record RollbackRequest(Integer revision) {
}
