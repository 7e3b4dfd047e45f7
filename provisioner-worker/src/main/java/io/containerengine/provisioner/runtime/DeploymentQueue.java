package io.containerengine.provisioner.runtime;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Runs work after everything queued before for the same deployment (see {@link DeploymentExecutor}). */
@FunctionalInterface
public interface DeploymentQueue {

    CompletableFuture<Void> submit(UUID deploymentId, Runnable task);

    /** Runs at once on the caller's thread; for tests that drive a runtime directly. */
    DeploymentQueue DIRECT = (id, task) -> {
        task.run();
        return CompletableFuture.completedFuture(null);
    };
}
