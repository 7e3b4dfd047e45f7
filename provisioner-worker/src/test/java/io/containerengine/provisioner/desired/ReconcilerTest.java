package io.containerengine.provisioner.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.Runtime;

class ReconcilerTest {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final UUID healthy = UUID.randomUUID();
    final UUID missing = UUID.randomUUID();
    final UUID orphan = UUID.randomUUID();

    final Runtime runtime = new Runtime() {
        @Override
        public void apply(DeploymentDesiredState desired) {
            calls.add("apply " + desired.deploymentId());
        }

        @Override
        public void delete(DeploymentDeleted deleted) {
            calls.add("delete " + deleted.deploymentId());
        }

        @Override
        public boolean matches(DeploymentDesiredState desired) {
            return desired.deploymentId().equals(healthy);
        }

        @Override
        public Set<UUID> deploymentIds() {
            return Set.of(healthy, orphan);
        }

        @Override
        public void removeOrphan(UUID deploymentId) {
            calls.add("remove " + deploymentId);
        }
    };
    final DeploymentExecutor executor = new DeploymentExecutor(runtime, Executors.newFixedThreadPool(2));
    final ProvisionerProperties properties = new ProvisionerProperties("local", "test", 2, true, Duration.ZERO, 1,
            (short) 1, null, null);

    @AfterEach
    void close() throws InterruptedException {
        executor.close();
    }

    private static DeploymentDesiredState state(UUID id) {
        return new DeploymentDesiredState(id, UUID.randomUUID(), "app", 1, "img", 80, Map.of(), 1, null, null, null,
                "app.localhost", null);
    }

    @Test
    void reappliesMissingDeploymentsAndRemovesContainersOfDeletedOnes() throws Exception {
        DesiredStateStore store = mock(DesiredStateStore.class);
        when(store.findAllLive()).thenReturn(List.of(state(healthy), state(missing)));
        when(store.find(healthy)).thenReturn(Optional.of(state(healthy)));
        when(store.find(missing)).thenReturn(Optional.of(state(missing)));
        when(store.find(orphan)).thenReturn(Optional.empty());

        new Reconciler(store, runtime, executor, properties).reconcile();
        executor.close(); // waits for the queued work

        assertThat(calls).containsExactlyInAnyOrder("apply " + missing, "remove " + orphan);
    }

    @Test
    void doesNotQueueASecondPassForADeploymentWhoseFirstIsStillWaiting() throws Exception {
        DesiredStateStore store = mock(DesiredStateStore.class);
        when(store.findAllLive()).thenReturn(List.of(state(missing)));
        when(store.find(missing)).thenReturn(Optional.of(state(missing)));
        when(store.find(healthy)).thenReturn(Optional.of(state(healthy)));
        when(store.find(orphan)).thenReturn(Optional.empty());
        var gate = new java.util.concurrent.CountDownLatch(1);
        executor.submit(missing, () -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Reconciler reconciler = new Reconciler(store, runtime, executor, properties);

        reconciler.reconcile();
        reconciler.reconcile();
        gate.countDown();
        org.awaitility.Awaitility.await().until(() -> calls.contains("apply " + missing));
        reconciler.reconcile(); // the first pass ran: a new one may be queued again
        executor.close();

        assertThat(calls).filteredOn(c -> c.startsWith("apply")).containsExactly("apply " + missing,
                "apply " + missing);
    }
}
