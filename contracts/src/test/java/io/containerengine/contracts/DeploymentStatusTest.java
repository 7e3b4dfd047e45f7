package io.containerengine.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DeploymentStatusTest {

    @Test
    void onlyStoppedAndDeletingDeploymentsServeNoTraffic() {
        assertThat(Arrays.stream(DeploymentStatus.values()).filter(s -> !s.routable()))
                .containsExactlyInAnyOrder(DeploymentStatus.STOPPED, DeploymentStatus.DELETING);
    }

    @Test
    void statusesReadAndWriteAsTheApiSpellsThem() {
        assertThat(DeploymentStatus.UPDATING.value()).isEqualTo("updating");
        assertThat(DeploymentStatus.of("running")).isEqualTo(DeploymentStatus.RUNNING);
    }
}
