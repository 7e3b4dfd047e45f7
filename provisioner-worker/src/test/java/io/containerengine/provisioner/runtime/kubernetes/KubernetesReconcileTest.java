package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.provisioner.runtime.DeploymentQueue;
import io.containerengine.provisioner.runtime.RegistryPasswords;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/** Self-healing: drift is repaired, namespaces nobody wants are removed. */
@EnableKubernetesMockClient(crud = true)
class KubernetesReconcileTest {

    KubernetesClient client;
    KubeFixture kube;

    @AfterEach
    void tearDown() {
        kube.close();
    }

    @Test
    void aReconcilePassRestoresADeletedServiceAndLeavesTheRestAlone() {
        kube = new KubeFixture(client);
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "drift", 1, "nginx:1.27", 1);
        kube.runtime.apply(d);
        String deploymentVersion = kube.deployment(d).getMetadata().getResourceVersion();
        client.services().inNamespace("ce-drift").withName("drift").delete();
        Awaitility.await().until(() -> !kube.runtime.matches(d));

        kube.runtime.reconcile(d);

        var service = client.services().inNamespace("ce-drift").withName("drift").get();
        assertThat(service).isNotNull();
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(kube.deployment(d).getMetadata().getResourceVersion()).isEqualTo(deploymentVersion);
        Awaitility.await().until(() -> kube.runtime.matches(d));
    }

    @Test
    void aScaleOrImageChangeMadeBehindThePlatformsBackIsUndoneByReconcile() {
        kube = new KubeFixture(client);
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "edited", 1, "nginx:1.27", 2);
        kube.runtime.apply(d);
        var live = kube.deployment(d);
        live.getSpec().setReplicas(5);
        live.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
        client.apps().deployments().inNamespace("ce-edited").resource(live).update();
        Awaitility.await().until(() -> !kube.runtime.matches(d));

        kube.runtime.reconcile(d);

        assertThat(kube.deployment(d).getSpec().getReplicas()).isEqualTo(2);
        assertThat(kube.deployment(d).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("nginx:1.27");
    }

    @Test
    void aDeletionSeenByTheInformersIsRepairedWithoutWaitingForThePass() {
        Map<UUID, DeploymentDesiredState> stored = new ConcurrentHashMap<>();
        kube = new KubeFixture(client, KubernetesRuntimeProperties.defaults("apps.example.com"),
                id -> Optional.ofNullable(stored.get(id)));
        kube.runtime.useQueue(DeploymentQueue.DIRECT);
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "heal", 1, "nginx:1.27", 1);
        stored.put(d.deploymentId(), d);
        kube.runtime.apply(d);
        Awaitility.await().until(() -> kube.runtime.matches(d));

        client.network().v1().ingresses().inNamespace("ce-heal").withName("heal").delete();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.network().v1().ingresses()
                .inNamespace("ce-heal").withName("heal").get() != null);
    }

    @Test
    void removesTheNamespaceOfADeploymentThatHasNoDesiredStateAnyMore() {
        kube = new KubeFixture(client);
        DeploymentDesiredState orphan = KubeFixture.desired(UUID.randomUUID(), "orphan", 1, "nginx:1.27", 1);
        DeploymentDesiredState kept = KubeFixture.desired(UUID.randomUUID(), "kept", 1, "nginx:1.27", 1);
        kube.runtime.apply(orphan);
        kube.runtime.apply(kept);
        Awaitility.await().until(() -> kube.runtime.deploymentIds().containsAll(
                java.util.Set.of(orphan.deploymentId(), kept.deploymentId())));
        int sent = kube.observed.size();

        kube.runtime.removeOrphan(orphan.deploymentId());

        assertThat(client.namespaces().withName("ce-orphan").get()).isNull();
        assertThat(client.namespaces().withName("ce-kept").get()).isNotNull();
        Awaitility.await().until(() -> !kube.runtime.deploymentIds().contains(orphan.deploymentId()));
        assertThat(kube.runtime.deploymentIds()).contains(kept.deploymentId());
        assertThat(kube.observed).hasSize(sent); // nobody listens for orphans
    }

    @Test
    void seesOnlyTheObjectsOfItsOwnPlatformInstance() {
        kube = new KubeFixture(client);
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "mine", 1, "nginx:1.27", 1);
        kube.runtime.apply(d);
        try (var other = new KubernetesRuntime(client, o -> { }, KubernetesRuntimeProperties.defaults("x.test"),
                "another-instance", new RegistryPasswords(KubeFixture.BOX), KubeFixture.BOX, null)) {
            other.start();
            Awaitility.await().until(() -> kube.runtime.deploymentIds().contains(d.deploymentId()));
            assertThat(other.deploymentIds()).isEmpty();
        }
    }
}
