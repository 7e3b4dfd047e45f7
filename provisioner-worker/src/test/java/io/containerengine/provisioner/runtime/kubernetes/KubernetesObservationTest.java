package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.ObservedPhase;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * The informer path: the test writes what the controllers and kubelets would (the mock runs no pods) and the
 * runtime's observations follow, without polling.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesObservationTest {

    KubernetesClient client;
    KubeFixture kube;

    @BeforeEach
    void setUp() {
        kube = new KubeFixture(client);
    }

    @AfterEach
    void tearDown() {
        kube.close();
    }

    @Test
    void allDesiredReplicasReadyMeansRunningWithTheServiceAsEndpoint() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "shop", 1, "nginx:1.27", 2);
        kube.runtime.apply(d);
        assertThat(kube.last().phase()).isEqualTo(ObservedPhase.DEPLOYING);
        assertThat(kube.last().desiredReplicas()).isEqualTo(2);

        kube.pod(d, "shop-a", true, KubeFixture.running(0));
        kube.pod(d, "shop-b", true, KubeFixture.running(0));
        kube.deploymentReady(d, 1);
        var partly = kube.await(o -> o.readyReplicas() == 1);
        assertThat(partly.phase()).isEqualTo(ObservedPhase.DEPLOYING);

        kube.deploymentReady(d, 2);
        var running = kube.await(o -> o.phase() == ObservedPhase.RUNNING);
        assertThat(running.generation()).isEqualTo(1);
        assertThat(running.readyReplicas()).isEqualTo(2);
        assertThat(running.endpoints()).containsExactly("shop.ce-shop.svc:8080");
        assertThat(running.health()).isEqualTo("healthy");
        assertThat(running.runningSince()).isBeforeOrEqualTo(Instant.now());
        assertThat(running.userId()).isEqualTo(d.userId());
    }

    @Test
    void anImagePullErrorIsReportedFailedWithItsMessage() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "typo", 1, "nginx:no-such-tag", 1);
        kube.runtime.apply(d);

        kube.pod(d, "typo-a", false, KubeFixture.waiting("ErrImagePull",
                "rpc error: manifest for nginx:no-such-tag not found", 0));

        var failed = kube.await(o -> o.phase() == ObservedPhase.FAILED);
        assertThat(failed.generation()).isEqualTo(1);
        assertThat(failed.message()).contains("image pull failed").contains("ErrImagePull")
                .contains("manifest for nginx:no-such-tag not found");
        assertThat(failed.endpoints()).isEmpty();
    }

    @Test
    void aNewVersionThatCannotPullFailsWhileThePreviousOneKeepsServing() {
        DeploymentDesiredState v1 = KubeFixture.desired(UUID.randomUUID(), "roll", 1, "nginx:1.27", 1);
        kube.runtime.apply(v1);
        kube.pod(v1, "roll-v1", true, KubeFixture.running(0));
        kube.deploymentReady(v1, 1);
        kube.await(o -> o.phase() == ObservedPhase.RUNNING);

        DeploymentDesiredState v2 = KubeFixture.with(v1, 2, "nginx:typo", 1);
        kube.runtime.apply(v2);
        // The controller keeps the old pod (maxUnavailable 0) and starts one new pod beside it.
        var live = kube.deployment(v2);
        live.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withObservedGeneration(live.getMetadata().getGeneration())
                .withReplicas(2).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
        client.apps().deployments().inNamespace("ce-roll").resource(live).updateStatus();
        kube.pod(v2, "roll-v2", false, KubeFixture.waiting("ImagePullBackOff", "Back-off pulling image", 0));

        var failed = kube.await(o -> o.generation() == 2 && o.phase() == ObservedPhase.FAILED);
        assertThat(failed.message()).contains("ImagePullBackOff").contains("previous version keeps serving");
        assertThat(failed.endpoints()).containsExactly("roll.ce-roll.svc:8080");
    }

    @Test
    void restartsOfTheCurrentPodsAreReported() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "flaky", 1, "nginx:1.27", 2);
        kube.runtime.apply(d);
        kube.pod(d, "flaky-a", true, KubeFixture.running(2));
        kube.pod(d, "flaky-b", true, KubeFixture.running(1));
        kube.deploymentReady(d, 2);

        var running = kube.await(o -> o.phase() == ObservedPhase.RUNNING && o.restartCount() == 3);
        assertThat(running.readyReplicas()).isEqualTo(2);

        // Another restart: a new observation with the new count.
        var pod = client.pods().inNamespace("ce-flaky").withName("flaky-a").get();
        pod.getStatus().setContainerStatuses(java.util.List.of(KubeFixture.running(3)));
        client.pods().inNamespace("ce-flaky").resource(pod).updateStatus();
        kube.await(o -> o.restartCount() == 4);
    }

    @Test
    void aCrashLoopIsReportedWithItsLastExitAndRestarts() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "crashy", 1, "nginx:1.27", 1);
        kube.runtime.apply(d);
        var crashing = new ContainerStatusBuilder(KubeFixture.waiting("CrashLoopBackOff",
                "back-off 40s restarting failed container", 3))
                .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1).endTerminated()
                .endLastState().build();
        kube.pod(d, "crashy-a", false, crashing);

        var failed = kube.await(o -> o.phase() == ObservedPhase.FAILED);
        assertThat(failed.message()).contains("app keeps crashing").contains("Error, code 1")
                .contains("restarted 3 times");
        assertThat(failed.restartCount()).isEqualTo(3);
        assertThat(failed.health()).isEqualTo("unhealthy");
    }

    @Test
    void anUnchangedStatusIsNotSentAgain() {
        DeploymentDesiredState d = KubeFixture.desired(UUID.randomUUID(), "quiet", 1, "nginx:1.27", 1);
        kube.runtime.apply(d);
        kube.pod(d, "quiet-a", true, KubeFixture.running(0));
        kube.deploymentReady(d, 1);
        kube.await(o -> o.phase() == ObservedPhase.RUNNING);
        int sent = kube.observed.size();

        // A change that does not change what the platform sees (an annotation of the pod), then one that does:
        // the pod informer delivers them in order, so only the second is sent.
        var pod = client.pods().inNamespace("ce-quiet").withName("quiet-a").get();
        pod.getMetadata().setAnnotations(java.util.Map.of("touched", "yes"));
        pod = client.pods().inNamespace("ce-quiet").resource(pod).update();
        kube.runtime.reconcile(d);
        pod.getStatus().setContainerStatuses(java.util.List.of(KubeFixture.running(1)));
        client.pods().inNamespace("ce-quiet").resource(pod).updateStatus();
        kube.await(o -> o.restartCount() == 1);

        assertThat(kube.observed).hasSize(sent + 1);
    }
}
