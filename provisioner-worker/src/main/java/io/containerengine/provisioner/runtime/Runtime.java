package io.containerengine.provisioner.runtime;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;

/**
 * Where deployments run. Implementations report what they observe through an {@link ObservedStateListener};
 * callers run at most one call per deployment at a time (see {@link DeploymentExecutor}), so an implementation
 * need not guard one deployment against itself.
 */
public interface Runtime {

    /**
     * Makes the runtime run exactly {@code desired} (idempotent: replicas already running at this generation are
     * kept). Reports {@code deploying} when work starts, then {@code running}, {@code stopped} or {@code failed};
     * never throws for a deployment problem.
     */
    void apply(DeploymentDesiredState desired);

    /** Removes everything of the deployment and reports {@code deleted}. */
    void delete(DeploymentDeleted deleted);

    /** Whether what runs already matches {@code desired} (the startup reconcile skips those). */
    boolean matches(DeploymentDesiredState desired);

    /** Ids of the deployments that have anything on this runtime (of this platform instance). */
    Set<UUID> deploymentIds();

    /** Removes everything of a deployment nobody wants any more, without reporting it (nobody listens for it). */
    void removeOrphan(UUID deploymentId);

    /**
     * One self-healing pass for a deployment whose stored desired state is {@code desired}: whatever crashed or
     * disappeared behind the runtime's back is brought back. Runs in the deployment's order.
     */
    default void reconcile(DeploymentDesiredState desired) {
        if (!matches(desired)) {
            apply(desired);
        }
    }

    /**
     * Told as soon as a newer desired state (or a deletion) of a deployment is queued, before it runs, so that a
     * rollout still waiting for an older generation can stop waiting.
     */
    default void superseded(UUID deploymentId, long generation) {
    }

    /** The newest {@code tail} log lines of all replicas of a deployment, merged by time. */
    default List<LogLine> logs(UUID deploymentId, int tail) {
        return List.of();
    }

    /**
     * Follows the logs of all replicas (after the newest {@code tail} lines) until the returned handle is closed.
     */
    default Closeable followLogs(UUID deploymentId, int tail, Consumer<LogLine> sink) {
        return () -> {
        };
    }

    /** Current resource use, empty when nothing runs or the engine cannot tell. */
    default Optional<DeploymentMetrics> metrics(UUID deploymentId) {
        return Optional.empty();
    }
}
