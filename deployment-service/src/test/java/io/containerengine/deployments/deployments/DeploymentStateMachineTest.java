package io.containerengine.deployments.deployments;

import static io.containerengine.contracts.DeploymentStatus.DELETING;
import static io.containerengine.contracts.DeploymentStatus.DEPLOYING;
import static io.containerengine.contracts.DeploymentStatus.FAILED;
import static io.containerengine.contracts.DeploymentStatus.PENDING;
import static io.containerengine.contracts.DeploymentStatus.RUNNING;
import static io.containerengine.contracts.DeploymentStatus.STOPPED;
import static io.containerengine.contracts.DeploymentStatus.UPDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.deployments.deployments.DeploymentStateMachine.Command;
import io.containerengine.deployments.deployments.DeploymentStateMachine.Decision;
import io.containerengine.deployments.web.ConflictException;

class DeploymentStateMachineTest {

    @Test
    void deletingIsFinalAndNothingReturnsToPending() {
        for (DeploymentStatus to : DeploymentStatus.values()) {
            assertThat(DeploymentStateMachine.canTransition(DELETING, to)).as("deleting -> " + to)
                    .isEqualTo(to == DELETING);
        }
        for (DeploymentStatus from : EnumSet.complementOf(EnumSet.of(PENDING))) {
            assertThat(DeploymentStateMachine.canTransition(from, PENDING)).as(from + " -> pending").isFalse();
        }
        for (DeploymentStatus from : DeploymentStatus.values()) {
            assertThat(DeploymentStateMachine.canTransition(from, DELETING)).as(from + " -> deleting").isTrue();
        }
    }

    @Test
    void stoppedAndUpdatingCannotBecomeRunningOrDeployingOutOfOrder() {
        assertThat(DeploymentStateMachine.canTransition(STOPPED, RUNNING)).isFalse();
        assertThat(DeploymentStateMachine.canTransition(UPDATING, DEPLOYING)).isFalse();
        assertThatThrownBy(() -> DeploymentStateMachine.transition(STOPPED, RUNNING))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Command.class)
    void everyCommandButDeleteIsRefusedWith409WhileDeleting(Command command) {
        Runnable call = switch (command) {
            case UPDATE, ROLLBACK -> () -> DeploymentStateMachine.rollout(DELETING, command, 1);
            case SCALE -> () -> DeploymentStateMachine.scale(DELETING, 1, 2);
            case STOP -> () -> DeploymentStateMachine.stop(DELETING);
            case START -> () -> DeploymentStateMachine.start(DELETING);
            case CHANGE_DOMAINS -> () -> DeploymentStateMachine.requireDomainsChangeable(DELETING);
            case DELETE -> () -> assertThat(DeploymentStateMachine.delete(DELETING))
                    .isEqualTo(new Decision(DELETING, true));
        };
        if (command == Command.DELETE) {
            call.run();
        } else {
            assertThatThrownBy(call::run).isInstanceOf(ConflictException.class)
                    .hasMessage("Deployment is being deleted");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DeploymentStatus.class, names = "DELETING", mode = EnumSource.Mode.EXCLUDE)
    void updateRollsOutFromEveryLiveStatusAndZeroReplicasMeansStopped(DeploymentStatus from) {
        assertThat(DeploymentStateMachine.rollout(from, Command.UPDATE, 2)).isEqualTo(new Decision(UPDATING, false));
        assertThat(DeploymentStateMachine.rollout(from, Command.ROLLBACK, 0)).isEqualTo(new Decision(STOPPED, false));
    }

    @Test
    void stopIsANoOpWhenStoppedAndStopsEverythingElse() {
        assertThat(DeploymentStateMachine.stop(STOPPED)).isEqualTo(new Decision(STOPPED, true));
        for (DeploymentStatus from : EnumSet.of(PENDING, DEPLOYING, UPDATING, RUNNING, FAILED)) {
            assertThat(DeploymentStateMachine.stop(from)).as(from.value()).isEqualTo(new Decision(STOPPED, false));
        }
    }

    @Test
    void startRestartsStoppedAndFailedAndIsANoOpOtherwise() {
        assertThat(DeploymentStateMachine.start(STOPPED)).isEqualTo(new Decision(DEPLOYING, false));
        assertThat(DeploymentStateMachine.start(FAILED)).isEqualTo(new Decision(DEPLOYING, false));
        for (DeploymentStatus from : EnumSet.of(PENDING, DEPLOYING, UPDATING, RUNNING)) {
            assertThat(DeploymentStateMachine.start(from)).as(from.value()).isEqualTo(new Decision(from, true));
        }
    }

    @Test
    void scaleToZeroIsStoppedAndRunningKeepsServingWhileScaling() {
        assertThat(DeploymentStateMachine.scale(RUNNING, 2, 0)).isEqualTo(new Decision(STOPPED, false));
        assertThat(DeploymentStateMachine.scale(STOPPED, 0, 0)).isEqualTo(new Decision(STOPPED, true));
        assertThat(DeploymentStateMachine.scale(RUNNING, 2, 5)).isEqualTo(new Decision(RUNNING, false));
        assertThat(DeploymentStateMachine.scale(UPDATING, 2, 5)).isEqualTo(new Decision(UPDATING, false));
        assertThat(DeploymentStateMachine.scale(STOPPED, 0, 3)).isEqualTo(new Decision(DEPLOYING, false));
        assertThat(DeploymentStateMachine.scale(FAILED, 1, 1)).isEqualTo(new Decision(DEPLOYING, false));
        assertThat(DeploymentStateMachine.scale(PENDING, 1, 2)).isEqualTo(new Decision(DEPLOYING, false));
        assertThat(DeploymentStateMachine.scale(RUNNING, 2, 2)).isEqualTo(new Decision(RUNNING, true));
    }

    @Test
    void deleteStartsFromEveryLiveStatus() {
        for (DeploymentStatus from : EnumSet.complementOf(EnumSet.of(DELETING))) {
            assertThat(DeploymentStateMachine.delete(from)).isEqualTo(new Decision(DELETING, false));
        }
    }

    @Test
    void observationsMoveTheStatus() {
        assertThat(DeploymentStateMachine.observed(PENDING, ObservedPhase.DEPLOYING)).isEqualTo(DEPLOYING);
        assertThat(DeploymentStateMachine.observed(DEPLOYING, ObservedPhase.RUNNING)).isEqualTo(RUNNING);
        assertThat(DeploymentStateMachine.observed(UPDATING, ObservedPhase.DEPLOYING)).isEqualTo(UPDATING);
        assertThat(DeploymentStateMachine.observed(UPDATING, ObservedPhase.RUNNING)).isEqualTo(RUNNING);
        assertThat(DeploymentStateMachine.observed(RUNNING, ObservedPhase.DEPLOYING)).isEqualTo(RUNNING);
        assertThat(DeploymentStateMachine.observed(RUNNING, ObservedPhase.FAILED)).isEqualTo(FAILED);
        assertThat(DeploymentStateMachine.observed(FAILED, ObservedPhase.RUNNING)).isEqualTo(RUNNING);
        assertThat(DeploymentStateMachine.observed(PENDING, ObservedPhase.STOPPED)).isEqualTo(STOPPED);
        // A late report of what ran before a stop does not revive the deployment.
        assertThat(DeploymentStateMachine.observed(STOPPED, ObservedPhase.RUNNING)).isNull();
        assertThat(DeploymentStateMachine.observed(STOPPED, ObservedPhase.DEPLOYING)).isNull();
        for (ObservedPhase phase : ObservedPhase.values()) {
            assertThat(DeploymentStateMachine.observed(DELETING, phase)).as(phase.value()).isNull();
        }
        assertThat(DeploymentStateMachine.observed(RUNNING, ObservedPhase.DELETED)).isNull();
    }

    @Test
    void formatsUptimeLargestUnitFirst() {
        assertThat(DeploymentService.formatUptime(java.time.Duration.ZERO)).isEqualTo("0s");
        assertThat(DeploymentService.formatUptime(java.time.Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(DeploymentService.formatUptime(java.time.Duration.ofSeconds(3_725))).isEqualTo("1h2m5s");
        assertThat(DeploymentService.formatUptime(java.time.Duration.ofSeconds(86_400 + 60))).isEqualTo("1d1m");
    }
}
