package io.containerengine.deployments.deployments;

import java.util.Map;

/** Body of {@code POST /v1/deployments}; boxed numbers so that absent values get their defaults. */
public record CreateDeploymentRequest(
        String appName,
        String image,
        Integer port,
        Map<String, String> envVars,
        Integer replicas,
        ResourcesDto resources,
        HealthCheckDto healthCheck,
        RegistryAuthDto registryAuth) {

    public record ResourcesDto(String cpu, String memory) {
    }

    public record HealthCheckDto(
            String path,
            Integer initialDelaySeconds,
            Integer periodSeconds,
            Integer timeoutSeconds,
            Integer failureThreshold) {
    }

    /** Credentials for a private registry; the password is write-only. */
    public record RegistryAuthDto(String username, String password) {
        @Override
        public String toString() {
            return "RegistryAuthDto[username=" + username + ", password=***]";
        }
    }
}
