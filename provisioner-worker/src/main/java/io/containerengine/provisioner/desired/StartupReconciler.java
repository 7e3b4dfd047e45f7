package io.containerengine.provisioner.desired;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.Runtime;

/**
 * Once on startup: re-applies stored desired states whose containers are missing (e.g. the machine rebooted)
 * and removes containers of deployments that have no desired state any more (deleted while the worker was down).
 * Each step runs in its deployment's order and re-reads the store there, so it cannot race a fresh event.
 * Continuous self-healing is a later issue.
 */
@Component
@ConditionalOnBooleanProperty(name = "ce.provisioner.reconcile-on-startup", matchIfMissing = true)
class StartupReconciler {

    private static final Logger log = LoggerFactory.getLogger(StartupReconciler.class);

    private final DesiredStateStore store;
    private final Runtime runtime;
    private final DeploymentExecutor executor;

    StartupReconciler(DesiredStateStore store, Runtime runtime, DeploymentExecutor executor) {
        this.store = store;
        this.runtime = runtime;
        this.executor = executor;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reconcile() {
        try {
            Set<UUID> wanted = store.findAllLive().stream().map(DeploymentDesiredState::deploymentId)
                    .collect(Collectors.toSet());
            for (UUID id : wanted) {
                executor.submit(id, () -> store.find(id).ifPresent(desired -> {
                    if (!runtime.matches(desired)) {
                        log.info("reconcile: re-applying deployment {} generation {}", id, desired.generation());
                        runtime.apply(desired);
                    }
                }));
            }
            for (UUID id : runtime.deploymentIds()) {
                if (!wanted.contains(id)) {
                    executor.submit(id, () -> {
                        if (store.find(id).isEmpty()) {
                            log.info("reconcile: removing containers of deleted deployment {}", id);
                            runtime.removeOrphan(id);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            log.warn("startup reconcile failed: {}", e.toString());
        }
    }
}
