package io.containerengine.provisioner.runtime;

import io.containerengine.contracts.DeploymentDesiredState;

/**
 * What a runtime must remember across worker restarts beyond the desired state: which desired state is serving
 * (the last one that became ready, kept while a newer one rolls out or after it was rolled back), a generation
 * whose rollout failed (so that self-healing does not retry it forever) and the restarts counted so far.
 *
 * @param serving          the serving desired state, or null before the first one became ready
 * @param failedGeneration the generation that was rolled back, or 0
 * @param failureMessage   why it was rolled back
 * @param restartCount     restarts of the serving replicas (crashes, failed liveness, re-creations)
 */
public record RolloutRecord(DeploymentDesiredState serving, long failedGeneration, String failureMessage,
        int restartCount) {

    public static final RolloutRecord NONE = new RolloutRecord(null, 0, null, 0);

    /** @param keepRestarts whether the same containers go on serving (a scale), so their restarts still count */
    public RolloutRecord withServing(DeploymentDesiredState newServing, boolean keepRestarts) {
        return new RolloutRecord(newServing, failedGeneration, failureMessage, keepRestarts ? restartCount : 0);
    }

    public RolloutRecord withFailure(long generation, String message) {
        return new RolloutRecord(serving, generation, message, restartCount);
    }

    public RolloutRecord withRestartCount(int count) {
        return new RolloutRecord(serving, failedGeneration, failureMessage, count);
    }
}
