package io.containerengine.contracts;

import java.util.Map;
import java.util.UUID;

/**
 * The whole desired state of a deployment at one generation. Every lifecycle event carries all of it, so a
 * consumer needs only the newest event of a deployment to know what should run.
 *
 * @param generation   increases with every change of the desired state
 * @param host         the host name the app answers on, {@code <app_name>.<DOMAIN_SUFFIX>}
 * @param registryAuth credentials for a private registry, or null; the password is encrypted
 */
public record DeploymentDesiredState(
        UUID deploymentId,
        UUID userId,
        String appName,
        long generation,
        String image,
        int port,
        Map<String, String> envVars,
        int replicas,
        Resources resources,
        HealthCheck healthCheck,
        RegistryAuth registryAuth,
        String host,
        String url) {

    public DeploymentDesiredState {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
    }

    /** Kubernetes quantities, e.g. {@code cpu = "100m"}, {@code memory = "128Mi"}; either may be null. */
    public record Resources(String cpu, String memory) {
    }

    public record HealthCheck(
            String path,
            int initialDelaySeconds,
            int periodSeconds,
            int timeoutSeconds,
            int failureThreshold) {
    }

    /**
     * @param passwordCiphertext AES-GCM ciphertext of the password (base64), readable only by services that hold
     *                           the platform's secrets key
     */
    public record RegistryAuth(String server, String username, String passwordCiphertext) {
    }
}
