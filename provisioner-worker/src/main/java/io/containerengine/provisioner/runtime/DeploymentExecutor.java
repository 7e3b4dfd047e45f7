package io.containerengine.provisioner.runtime;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;

/**
 * Runs runtime work off the Kafka consumer thread (an apply may wait up to the readiness timeout) while keeping
 * each deployment's work in submission order: tasks of one deployment are chained, different deployments run in
 * parallel on a shared pool.
 */
public class DeploymentExecutor implements DeploymentQueue, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeploymentExecutor.class);

    private final Runtime runtime;
    private final ExecutorService pool;
    private final Map<UUID, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** Newest generation handed over per deployment; an apply that a newer one supersedes is skipped. */
    private final Map<UUID, Long> newest = new ConcurrentHashMap<>();

    public DeploymentExecutor(Runtime runtime, ExecutorService pool) {
        this.runtime = runtime;
        this.pool = pool;
    }

    public void apply(DeploymentDesiredState desired) {
        UUID id = desired.deploymentId();
        newest.merge(id, desired.generation(), Math::max);
        runtime.superseded(id, desired.generation());
        submit(id, () -> {
            if (newest.getOrDefault(id, Long.MIN_VALUE) > desired.generation()) {
                log.debug("skipping generation {} of {}: a newer one is queued", desired.generation(), id);
                return;
            }
            runtime.apply(desired);
        });
    }

    public void delete(DeploymentDeleted deleted) {
        newest.put(deleted.deploymentId(), Long.MAX_VALUE);
        runtime.superseded(deleted.deploymentId(), Long.MAX_VALUE);
        submit(deleted.deploymentId(), () -> runtime.delete(deleted));
    }

    /** Runs {@code task} after every task submitted before for the same deployment. */
    @Override
    public CompletableFuture<Void> submit(UUID deploymentId, Runnable task) {
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        tails.compute(deploymentId, (key, previous) -> {
            CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
            mine[0] = start.thenRunAsync(() -> runSafely(key, task), pool);
            return mine[0];
        });
        // Forget the chain once it is idle, so the map holds only deployments with work in flight.
        mine[0].whenComplete((r, e) -> tails.remove(deploymentId, mine[0]));
        return mine[0];
    }

    private static void runSafely(UUID deploymentId, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("runtime work for deployment {} failed", deploymentId, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
