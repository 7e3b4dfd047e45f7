package io.containerengine.contracts;

/** The {@code type} values of {@link EventEnvelope}; each names the payload record it carries. */
public final class EventTypes {

    /** {@link DeploymentDesiredState}: a deployment was created. */
    public static final String DEPLOYMENT_CREATED = "deployment.created";
    /** {@link DeploymentDesiredState}: the desired state changed (update, scale, stop, start). */
    public static final String DEPLOYMENT_DESIRED_STATE_CHANGED = "deployment.desired_state_changed";
    /** {@link DeploymentDeleted}: the deployment is gone; runtimes remove everything of it. */
    public static final String DEPLOYMENT_DELETED = "deployment.deleted";
    /** {@link DeploymentStatusChanged}: the status recorded by deployment-service changed. */
    public static final String DEPLOYMENT_STATUS_CHANGED = "deployment.status_changed";
    /** {@link DeploymentObserved}: what the runtime observed (on {@link Topics#RUNTIME_EVENTS}). */
    public static final String DEPLOYMENT_OBSERVED = "deployment.observed";

    private EventTypes() {
    }
}
