package io.containerengine.deployments.deployments;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;

/**
 * One immutable revision of a deployment's configuration. Replicas are not part of it: scaling is not a new
 * revision, and a rollback keeps the current scale.
 *
 * @param cause          create, update or rollback
 * @param sourceRevision for a rollback, the revision whose configuration was restored
 * @param secretEnvVarsCiphertext the secret env vars as stored (SecretBox ciphertext), restored by a rollback
 */
public record Revision(
        UUID deploymentId,
        int revision,
        long generation,
        String cause,
        Integer sourceRevision,
        String image,
        int port,
        Map<String, String> envVars,
        Map<String, String> secretEnvVarsCiphertext,
        Resources resources,
        HealthCheck healthCheck,
        Instant createdAt) {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String ROLLBACK = "rollback";
}
