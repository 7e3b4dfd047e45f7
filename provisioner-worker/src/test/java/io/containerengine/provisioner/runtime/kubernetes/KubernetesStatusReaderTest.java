package io.containerengine.provisioner.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;

/** How Deployment and Pod status become the platform's observation (no API server needed). */
class KubernetesStatusReaderTest {

    static final UUID ID = UUID.randomUUID();
    static final UUID USER = UUID.randomUUID();

    private static Deployment deployment(int replicas, long generation, Long observedGeneration, int ready,
            int updated, int total) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("app").withNamespace("ce-app").withGeneration(generation)
                .withLabels(Map.of(Names.DEPLOYMENT_ID, ID.toString(), Names.USER_ID, USER.toString()))
                .withAnnotations(Map.of(Names.GENERATION, "7")).endMetadata()
                .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600)
                .withNewTemplate().withNewMetadata().withLabels(Map.of(Names.TEMPLATE, "t1")).endMetadata()
                .withNewSpec().addNewContainer().withName(Names.CONTAINER).addNewPort().withContainerPort(3000)
                .endPort().endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(observedGeneration).withReadyReplicas(ready)
                .withAvailableReplicas(ready).withUpdatedReplicas(updated).withReplicas(total).endStatus()
                .build();
    }

    private static Pod pod(String template, String waitingReason, String message) {
        var builder = new PodBuilder().withNewMetadata().withName("app-" + template)
                .withLabels(Map.of(Names.TEMPLATE, template)).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition();
        if (waitingReason != null) {
            builder.addNewContainerStatus().withName(Names.CONTAINER).withRestartCount(0).withNewState()
                    .withNewWaiting().withReason(waitingReason).withMessage(message).endWaiting().endState()
                    .endContainerStatus();
        }
        return builder.endStatus().build();
    }

    @Test
    void readyReplicasOfAnOlderSpecDoNotCountAsRunning() {
        // The controller has not seen generation 3 of the spec yet.
        DeploymentObserved o = DeploymentStatusReader.observe(deployment(2, 3, 2L, 2, 2, 2), List.of(),
                Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.DEPLOYING);
        assertThat(o.generation()).isEqualTo(7);
        assertThat(o.readyReplicas()).isEqualTo(2);
        assertThat(o.endpoints()).containsExactly("app.ce-app.svc:3000");
    }

    @Test
    void oldPodsStillTerminatingMeanTheRolloutIsNotDone() {
        DeploymentObserved o = DeploymentStatusReader.observe(deployment(2, 3, 3L, 2, 2, 3), List.of(),
                Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.DEPLOYING);
    }

    @Test
    void zeroReplicasIsStoppedWithoutEndpoints() {
        DeploymentObserved o = DeploymentStatusReader.observe(deployment(0, 3, 3L, 1, 0, 1), List.of(),
                Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.STOPPED);
        assertThat(o.endpoints()).isEmpty();
        assertThat(o.userId()).isEqualTo(USER);
    }

    @Test
    void aQuotaThatForbidsThePodsIsAFailure() {
        Deployment d = deployment(1, 2, 2L, 0, 0, 0);
        d.getStatus().setConditions(List.of(new DeploymentConditionBuilder().withType("ReplicaFailure")
                .withStatus("True").withReason("FailedCreate")
                .withMessage("pods \"app-1\" is forbidden: exceeded quota").build()));
        DeploymentObserved o = DeploymentStatusReader.observe(d, List.of(), Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.FAILED);
        assertThat(o.message()).contains("exceeded quota");
    }

    @Test
    void aRolloutPastItsDeadlineIsAFailure() {
        Deployment d = deployment(1, 2, 2L, 0, 1, 1);
        d.getStatus().setConditions(List.of(new DeploymentConditionBuilder().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"app-1\" has timed out progressing.").build()));
        DeploymentObserved o = DeploymentStatusReader.observe(d, List.of(pod("t1", null, null)), Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.FAILED);
        assertThat(o.message()).contains("no progress within 600 s").contains("timed out progressing");
    }

    @Test
    void aMissingSecretOrConfigIsAFailureToStart() {
        DeploymentObserved o = DeploymentStatusReader.observe(deployment(1, 2, 2L, 0, 1, 1),
                List.of(pod("t1", "CreateContainerConfigError", "secret \"app-env\" not found")), Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.FAILED);
        assertThat(o.message()).isEqualTo(
                "container could not be started (CreateContainerConfigError): secret \"app-env\" not found");
    }

    @Test
    void problemsOfPodsOfAnOlderTemplateAreNotTheCurrentVersionsProblems() {
        DeploymentObserved o = DeploymentStatusReader.observe(deployment(1, 2, 2L, 0, 1, 2),
                List.of(pod("t0", "ImagePullBackOff", "old image gone"), pod("t1", null, null)), Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.DEPLOYING);
        assertThat(o.message()).isNull();
    }

    @Test
    void podsWaitingForANodeAreStillDeployingWithANote() {
        Pod pending = new PodBuilder(pod("t1", null, null)).editStatus().addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available")
                .endCondition().endStatus().build();
        DeploymentObserved o = DeploymentStatusReader.observe(deployment(1, 2, 2L, 0, 1, 1), List.of(pending),
                Instant.now());
        assertThat(o.phase()).isEqualTo(ObservedPhase.DEPLOYING);
        assertThat(o.message()).contains("waiting for a node").contains("0/3 nodes are available");
    }
}
