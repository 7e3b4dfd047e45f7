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

    /** {@link AppTrafficReported} (on {@link Topics#TRAFFIC_EVENTS}): one gateway's traffic of an app in a window. */
    public static final String DEPLOYMENT_TRAFFIC_REPORTED = "deployment.traffic_reported";

    /** {@link UserRegistered} (on {@link Topics#IDENTITY_EVENTS}). */
    public static final String USER_REGISTERED = "user.registered";
    /** {@link PasswordResetRequested}: notification-service e-mails the (encrypted) reset link. */
    public static final String USER_PASSWORD_RESET_REQUESTED = "user.password_reset_requested";
    /** {@link SessionsRevoked}: the gateway refuses the sessions' access tokens from now on. */
    public static final String USER_SESSIONS_REVOKED = "user.sessions_revoked";
    /** {@link ApiKeyRevoked} (on {@link Topics#APIKEY_EVENTS}): gateways evict the key from their caches. */
    public static final String APIKEY_REVOKED = "apikey.revoked";

    private EventTypes() {
    }
}
