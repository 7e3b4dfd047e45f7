package io.containerengine.deployments.deployments;

import java.util.Map;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;

/**
 * A validated desired configuration with defaults applied; what the validator hands to the service.
 *
 * @param healthCheck  null when the user asked for none
 * @param registryAuth null for a public image
 */
public record DeploymentSpec(
        String appName,
        String image,
        int port,
        Map<String, String> envVars,
        int replicas,
        Resources resources,
        HealthCheck healthCheck,
        Credentials registryAuth) {

    public record Credentials(String server, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[server=" + server + ", username=" + username + ", password=***]";
        }
    }
}
