package io.containerengine.deployments.deployments;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.containerengine.common.web.RejectUnknownFields;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.HealthCheckDto;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.RegistryAuthDto;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.ResourcesDto;

/**
 * Body of {@code PUT /v1/deployments/{id}}. Absent fields keep their current value; {@code resources} is merged
 * field by field, {@code health_check}, {@code registry_auth} and {@code secret_env_vars} (like {@code env_vars})
 * replace the current ones. {@code app_name} cannot
 * change (it is the host name); sending the current one is accepted.
 */
// The read-only fields of GET's answer are skipped, so a body fetched, edited and sent back is accepted.
@JsonIgnoreProperties({"id", "user_id", "status", "url", "created_at", "updated_at", "deployed_at", "error_message"})
@RejectUnknownFields
public record UpdateDeploymentRequest(
        String appName,
        String image,
        Integer port,
        Map<String, String> envVars,
        Integer replicas,
        ResourcesDto resources,
        HealthCheckDto healthCheck,
        RegistryAuthDto registryAuth,
        Map<String, String> secretEnvVars) {

    boolean changesNothing() {
        return image == null && port == null && envVars == null && replicas == null && resources == null
                && healthCheck == null && registryAuth == null && secretEnvVars == null;
    }

    /** Spring MVC logs request bodies at debug level: no secret value or password in it. */
    @Override
    public String toString() {
        return "UpdateDeploymentRequest[appName=" + appName + ", image=" + image + ", port=" + port + ", envVars="
                + envVars + ", replicas=" + replicas + ", resources=" + resources + ", healthCheck=" + healthCheck
                + ", registryAuth=" + registryAuth + ", secretEnvVars="
                + (secretEnvVars == null ? null : SecretEnvVars.masked(secretEnvVars)) + "]";
    }
}
