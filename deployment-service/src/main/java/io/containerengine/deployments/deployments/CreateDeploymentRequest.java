package io.containerengine.deployments.deployments;

import java.util.Map;

import io.containerengine.common.web.RejectUnknownFields;

/**
 * Body of {@code POST /v1/deployments}; boxed numbers so that absent values get their defaults.
 * {@code secret_env_vars} are env vars whose values are write-only (encrypted at rest, masked in responses).
 */
@RejectUnknownFields
public record CreateDeploymentRequest(
        String appName,
        String image,
        Integer port,
        Map<String, String> envVars,
        Integer replicas,
        ResourcesDto resources,
        HealthCheckDto healthCheck,
        RegistryAuthDto registryAuth,
        Map<String, String> secretEnvVars) {

    /** Spring MVC logs request bodies at debug level: no secret value or password in it. */
    @Override
    public String toString() {
        return "CreateDeploymentRequest[appName=" + appName + ", image=" + image + ", port=" + port + ", envVars="
                + envVars + ", replicas=" + replicas + ", resources=" + resources + ", healthCheck=" + healthCheck
                + ", registryAuth=" + registryAuth + ", secretEnvVars="
                + (secretEnvVars == null ? null : SecretEnvVars.masked(secretEnvVars)) + "]";
    }

    @RejectUnknownFields
    public record ResourcesDto(String cpu, String memory) {
    }

    @RejectUnknownFields
    public record HealthCheckDto(
            String path,
            Integer initialDelaySeconds,
            Integer periodSeconds,
            Integer timeoutSeconds,
            Integer failureThreshold) {
    }

    /** Credentials for a private registry; the password is write-only. */
    @RejectUnknownFields
    public record RegistryAuthDto(String username, String password) {
        @Override
        public String toString() {
            return "RegistryAuthDto[username=" + username + ", password=***]";
        }
    }
}
