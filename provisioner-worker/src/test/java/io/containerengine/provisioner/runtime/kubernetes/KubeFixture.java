package io.containerengine.provisioner.runtime.kubernetes;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.containerengine.provisioner.runtime.RegistryPasswords;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A {@link KubernetesRuntime} on the CRUD mock server, with the observations it sends, and the status writers
 * that stand in for the controllers and kubelets the mock does not run.
 */
final class KubeFixture implements AutoCloseable {

    static final String INSTANCE = "test-instance";
    static final SecretBox BOX = new SecretBox(Base64.getEncoder().encodeToString(new byte[32]));

    /** The mock server logs every request at INFO through java.util.logging (kept referenced: JUL holds it weakly). */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger
            .getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.parse(System.getProperty("mocklog", "WARNING")));
    }

    final KubernetesClient client;
    final KubernetesRuntimeProperties settings;
    final List<DeploymentObserved> observed = new CopyOnWriteArrayList<>();
    final KubernetesRuntime runtime;

    KubeFixture(KubernetesClient client) {
        this(client, KubernetesRuntimeProperties.defaults("apps.example.com"), null);
    }

    KubeFixture(KubernetesClient client, KubernetesRuntimeProperties settings, DesiredStateLookup lookup) {
        this(client, client, settings, lookup);
    }

    /** @param runtimeClient the client the runtime uses (the test's own calls go through {@code client}) */
    KubeFixture(KubernetesClient client, KubernetesClient runtimeClient, KubernetesRuntimeProperties settings,
            DesiredStateLookup lookup) {
        this.client = client;
        this.settings = settings;
        this.runtime = new KubernetesRuntime(runtimeClient, observed::add, settings, INSTANCE,
                new RegistryPasswords(BOX), BOX, lookup);
        runtime.start();
    }

    @Override
    public void close() {
        runtime.close();
    }

    static DeploymentDesiredState desired(UUID id, String app, long generation, String image, int replicas) {
        return new DeploymentDesiredState(id, UUID.nameUUIDFromBytes(app.getBytes()), app, generation, image, 8080,
                Map.of("GREETING", "hello"), replicas, new DeploymentDesiredState.Resources("250m", "128Mi"),
                null, null, app + ".apps.example.com", "http://" + app + ".apps.example.com");
    }

    static DeploymentDesiredState with(DeploymentDesiredState d, long generation, String image, int replicas) {
        return new DeploymentDesiredState(d.deploymentId(), d.userId(), d.appName(), generation, image, d.port(),
                d.envVars(), replicas, d.resources(), d.healthCheck(), d.registryAuth(), d.host(), d.url(),
                d.customDomains(), d.secretEnvVarsCiphertext());
    }

    String ns(DeploymentDesiredState d) {
        return settings.namespacePrefix() + d.appName();
    }

    Deployment deployment(DeploymentDesiredState d) {
        return client.apps().deployments().inNamespace(ns(d)).withName(d.appName()).get();
    }

    String template(DeploymentDesiredState d) {
        return deployment(d).getSpec().getTemplate().getMetadata().getLabels().get(Names.TEMPLATE);
    }

    /** The newest observation that satisfies {@code condition}, waited for. */
    DeploymentObserved await(Predicate<DeploymentObserved> condition) {
        List<DeploymentObserved> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = observed.size() - 1; i >= 0; i--) {
                if (condition.test(observed.get(i))) {
                    found.add(observed.get(i));
                    return true;
                }
            }
            return false;
        });
        return found.get(0);
    }

    DeploymentObserved last() {
        return observed.get(observed.size() - 1);
    }

    /** What the Deployment controller would write: all desired replicas updated, ready and available. */
    void deploymentReady(DeploymentDesiredState d, int ready) {
        Deployment live = deployment(d);
        int desired = live.getSpec().getReplicas();
        live.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(live.getMetadata().getGeneration())
                .withReplicas(desired).withUpdatedReplicas(desired)
                .withReadyReplicas(ready).withAvailableReplicas(ready)
                .build());
        client.apps().deployments().inNamespace(ns(d)).resource(live).updateStatus();
    }

    /** A pod of the Deployment's current template, as the ReplicaSet controller and kubelet would show it. */
    Pod pod(DeploymentDesiredState d, String name, boolean ready, ContainerStatus status) {
        Deployment live = deployment(d);
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns(d))
                .withLabels(live.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(live.getSpec().getTemplate().getSpec())
                .build();
        client.pods().inNamespace(ns(d)).resource(pod).create();
        pod = client.pods().inNamespace(ns(d)).withName(name).get();
        PodCondition readyCondition = new PodConditionBuilder().withType("Ready")
                .withStatus(ready ? "True" : "False").withLastTransitionTime(Instant.now().toString()).build();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(ready ? "Running" : "Pending")
                .withStartTime(Instant.now().toString())
                .withConditions(readyCondition)
                .withContainerStatuses(status)
                .build());
        return client.pods().inNamespace(ns(d)).resource(pod).updateStatus();
    }

    static ContainerStatus running(int restarts) {
        return new ContainerStatusBuilder().withName(Names.CONTAINER).withReady(true).withRestartCount(restarts)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState()
                .build();
    }

    static ContainerStatus waiting(String reason, String message, int restarts) {
        return new ContainerStatusBuilder().withName(Names.CONTAINER).withReady(false).withRestartCount(restarts)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }
}
