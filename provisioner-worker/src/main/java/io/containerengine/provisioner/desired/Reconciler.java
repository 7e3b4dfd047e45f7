package io.containerengine.provisioner.desired;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.Runtime;
import io.containerengine.provisioner.runtime.RuntimeReconnected;

/**
 * Compares the stored desired states of this platform instance with what the runtime runs: on startup (unless
 * {@code ce.provisioner.reconcile-on-startup=false}), every {@code ce.provisioner.reconcile-interval}, and right
 * after the runtime reconnects to its engine. Each deployment is reconciled in its own order (after any event
 * work queued for it) and re-read from the store there, so a pass cannot race a fresh event; containers of
 * deployments this instance does not know are removed.
 */
@Component
class Reconciler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final DesiredStateStore store;
    private final Runtime runtime;
    private final DeploymentExecutor executor;
    private final ProvisionerProperties properties;
    /** Deployments with a pass queued, so that a slow rollout does not collect a backlog of passes. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconciler");
        t.setDaemon(true);
        return t;
    });

    Reconciler(DesiredStateStore store, Runtime runtime, DeploymentExecutor executor,
            ProvisionerProperties properties) {
        this.store = store;
        this.runtime = runtime;
        this.executor = executor;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (properties.reconcileOnStartup()) {
            timer.execute(this::reconcile);
        }
        Duration interval = properties.reconcileInterval();
        if (interval != null && !interval.isZero() && !interval.isNegative()) {
            timer.scheduleWithFixedDelay(this::reconcile, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @EventListener
    void onReconnected(RuntimeReconnected event) {
        log.info("reconciling everything: {}", event.reason());
        timer.execute(this::reconcile);
    }

    /** One pass over everything of this instance. */
    void reconcile() {
        try {
            Set<UUID> wanted = store.findAllLive().stream().map(DeploymentDesiredState::deploymentId)
                    .collect(Collectors.toSet());
            for (UUID id : wanted) {
                submitOnce(id, () -> store.find(id).ifPresent(runtime::reconcile));
            }
            for (UUID id : runtime.deploymentIds()) {
                if (!wanted.contains(id)) {
                    submitOnce(id, () -> {
                        if (store.find(id).isEmpty()) {
                            log.info("reconcile: removing containers of unknown or deleted deployment {}", id);
                            runtime.removeOrphan(id);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            log.warn("reconcile pass failed: {}", e.toString());
        }
    }

    private void submitOnce(UUID id, Runnable task) {
        if (queued.add(id)) {
            executor.submit(id, () -> {
                queued.remove(id);
                task.run();
            });
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
