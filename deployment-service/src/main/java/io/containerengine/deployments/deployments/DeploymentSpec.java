package io.containerengine.deployments.deployments;

import java.util.Map;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;

/**
 * A validated desired configuration with defaults applied; what the validator hands to the service.
 *
 * @param secretEnvVars plain values of the env vars marked secret, to be encrypted by the service; null on an
 *                      update that does not change them (the stored ciphertext is kept)
 * @param healthCheck   null when the user asked for none
 * @param registryAuth  null for a public image
 */
public record DeploymentSpec(
        String appName,
        String image,
        int port,
        Map<String, String> envVars,
        Map<String, String> secretEnvVars,
        int replicas,
        Resources resources,
        HealthCheck healthCheck,
        Credentials registryAuth) {

    /** Secret values and the registry password stay out of logs. */
    @Override
    public String toString() {
        return "DeploymentSpec[appName=" + appName + ", image=" + image + ", port=" + port + ", envVars=" + envVars
                + ", secretEnvVars=" + (secretEnvVars == null ? null : SecretEnvVars.masked(secretEnvVars))
                + ", replicas=" + replicas + ", resources=" + resources + ", healthCheck=" + healthCheck
                + ", registryAuth=" + registryAuth + "]";
    }

    public record Credentials(String server, String username, String password) {
        @Override
        public String toString() {
            return "Credentials[server=" + server + ", username=" + username + ", password=***]";
        }
    }
}
