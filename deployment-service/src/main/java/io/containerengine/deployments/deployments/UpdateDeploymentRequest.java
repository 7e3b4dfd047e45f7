package io.containerengine.deployments.deployments;

import java.util.Map;

import io.containerengine.deployments.deployments.CreateDeploymentRequest.HealthCheckDto;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.RegistryAuthDto;
import io.containerengine.deployments.deployments.CreateDeploymentRequest.ResourcesDto;

/**
 * Body of {@code PUT /v1/deployments/{id}}. Absent fields keep their current value; {@code resources} is merged
 * field by field, {@code health_check} and {@code registry_auth} replace the current ones. {@code app_name} cannot
 * change (it is the host name); sending the current one is accepted.
 */
public record UpdateDeploymentRequest(
        String appName,
        String image,
        Integer port,
        Map<String, String> envVars,
        Integer replicas,
        ResourcesDto resources,
        HealthCheckDto healthCheck,
        RegistryAuthDto registryAuth) {

    boolean changesNothing() {
        return image == null && port == null && envVars == null && replicas == null && resources == null
                && healthCheck == null && registryAuth == null;
    }
}
