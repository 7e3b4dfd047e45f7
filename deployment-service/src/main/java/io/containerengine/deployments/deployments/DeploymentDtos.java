package io.containerengine.deployments.deployments;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentStatus;

/** Response bodies of the deployment API (snake_case through the global naming strategy). */
public final class DeploymentDtos {

    private DeploymentDtos() {
    }

    public record Created(UUID id, String appName, String image, DeploymentStatus status, String url,
            Instant createdAt, String message) {
    }

    public record Summary(UUID id, String appName, String image, DeploymentStatus status, String url, int replicas,
            Instant createdAt, Instant updatedAt) {

        static Summary of(Deployment d) {
            return new Summary(d.id(), d.appName(), d.image(), d.status(), d.url(), d.replicas(), d.createdAt(),
                    d.updatedAt());
        }
    }

    public record Pagination(int page, int limit, long total, long totalPages) {
    }

    public record Page(List<Summary> deployments, Pagination pagination) {
    }

    public record ResourcesView(String cpu, String memory) {
    }

    public record HealthCheckView(String path, int initialDelaySeconds, int periodSeconds, int timeoutSeconds,
            int failureThreshold) {

        static HealthCheckView of(HealthCheck hc) {
            return hc == null ? null : new HealthCheckView(hc.path(), hc.initialDelaySeconds(), hc.periodSeconds(),
                    hc.timeoutSeconds(), hc.failureThreshold());
        }
    }

    /** Never carries registry credentials. */
    public record Details(UUID id, UUID userId, String appName, String image, DeploymentStatus status, String url,
            int port, Map<String, String> envVars, int replicas, ResourcesView resources,
            HealthCheckView healthCheck, Instant createdAt, Instant updatedAt, Instant deployedAt,
            String errorMessage) {

        static Details of(Deployment d) {
            return new Details(d.id(), d.userId(), d.appName(), d.image(), d.status(), d.url(), d.port(),
                    d.envVars(), d.replicas(), new ResourcesView(d.resources().cpu(), d.resources().memory()),
                    HealthCheckView.of(d.healthCheck()), d.createdAt(), d.updatedAt(), d.deployedAt(),
                    d.errorMessage());
        }
    }
}
