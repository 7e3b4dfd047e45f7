package io.containerengine.provisioner.runtime;

import java.util.Set;
import java.util.UUID;

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

    /** Ids of the deployments that have anything on this runtime. */
    Set<UUID> deploymentIds();

    /** Removes everything of a deployment nobody wants any more, without reporting it (nobody listens for it). */
    void removeOrphan(UUID deploymentId);
}
