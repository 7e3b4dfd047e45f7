package io.containerengine.contracts;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole desired state of a deployment at one generation. Every lifecycle event carries all of it, so a
 * consumer needs only the newest event of a deployment to know what should run.
 *
 * @param generation   increases with every change of the desired state
 * @param host         the host name the app answers on, {@code <app_name>.<DOMAIN_SUFFIX>}
 * @param registryAuth credentials for a private registry, or null; the password is encrypted
 * @param customDomains verified custom domains that must reach the app too (Ingress hosts, gateway Host routes)
 * @param secretEnvVarsCiphertext env vars marked secret: name → {@code SecretBox} ciphertext of the value; the runtime
 *                     decrypts them into the container's environment
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
        String url,
        List<String> customDomains,
        Map<String, String> secretEnvVarsCiphertext) {

    public DeploymentDesiredState {
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        customDomains = customDomains == null ? List.of() : List.copyOf(customDomains);
        secretEnvVarsCiphertext = secretEnvVarsCiphertext == null ? Map.of() : Map.copyOf(secretEnvVarsCiphertext);
    }

    /** A desired state without custom domains or secret env vars (version 1 producers). */
    public DeploymentDesiredState(UUID deploymentId, UUID userId, String appName, long generation, String image,
            int port, Map<String, String> envVars, int replicas, Resources resources, HealthCheck healthCheck,
            RegistryAuth registryAuth, String host, String url) {
        this(deploymentId, userId, appName, generation, image, port, envVars, replicas, resources, healthCheck,
                registryAuth, host, url, List.of(), Map.of());
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
     * @param passwordCiphertext {@code io.containerengine.common.crypto.SecretBox} output for the password: base64 of
     *                           nonce(12) || AES-256-GCM ciphertext and tag, under the platform's {@code SECRETS_KEY};
     *                           readable only by services that hold that key
     */
    public record RegistryAuth(String server, String username, String passwordCiphertext) {
    }
}
