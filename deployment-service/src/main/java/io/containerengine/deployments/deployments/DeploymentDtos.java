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

    /**
     * Never carries registry credentials; secret env vars are listed by name with the value masked
     * ({@link SecretEnvVars#MASK}).
     */
    public record Details(UUID id, UUID userId, String appName, String image, DeploymentStatus status, String url,
            int port, Map<String, String> envVars, Map<String, String> secretEnvVars, int replicas,
            ResourcesView resources,
            HealthCheckView healthCheck, Instant createdAt, Instant updatedAt, Instant deployedAt,
            String errorMessage) {

        static Details of(Deployment d) {
            return new Details(d.id(), d.userId(), d.appName(), d.image(), d.status(), d.url(), d.port(),
                    d.envVars(), SecretEnvVars.masked(d.secretEnvVarsCiphertext()), d.replicas(), new ResourcesView(d.resources().cpu(), d.resources().memory()),
                    HealthCheckView.of(d.healthCheck()), d.createdAt(), d.updatedAt(), d.deployedAt(),
                    d.errorMessage());
        }
    }

    public record Updated(UUID id, DeploymentStatus status, String message, Instant updatedAt) {
    }

    public record Scaled(UUID id, int replicas, DeploymentStatus status, String message) {
    }

    public record Stopped(UUID id, DeploymentStatus status, String message) {
    }

    public record Started(UUID id, DeploymentStatus status, int replicas, String message) {
    }

    public record Deleted(String message, UUID deploymentId, String appName, boolean namespaceDeleted) {
    }

    public record ReplicasView(int desired, int ready, int available) {
    }

    /**
     * What the runtime last observed; {@code uptime} counts from when the oldest ready replica of the current
     * generation started.
     */
    public record StatusView(DeploymentStatus status, String health, ReplicasView replicas, Instant lastHealthCheck,
            String uptime, int restartCount) {
    }

    /** Secret env vars by name only, masked like in {@link Details}. */
    public record RevisionView(int revision, boolean current, String cause, Integer sourceRevision, String image,
            int port, Map<String, String> envVars, Map<String, String> secretEnvVars, ResourcesView resources,
            HealthCheckView healthCheck, Instant createdAt) {

        static RevisionView of(Revision r, int currentRevision) {
            return new RevisionView(r.revision(), r.revision() == currentRevision, r.cause(), r.sourceRevision(),
                    r.image(), r.port(), r.envVars(), SecretEnvVars.masked(r.secretEnvVarsCiphertext()),
                    new ResourcesView(r.resources().cpu(), r.resources().memory()),
                    HealthCheckView.of(r.healthCheck()), r.createdAt());
        }
    }

    public record Revisions(List<RevisionView> revisions, int currentRevision) {
    }

    public record RolledBack(UUID id, DeploymentStatus status, int revision, int rolledBackTo, String message,
            Instant updatedAt) {
    }
}
