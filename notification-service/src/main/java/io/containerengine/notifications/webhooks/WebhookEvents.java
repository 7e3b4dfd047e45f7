package io.containerengine.notifications.webhooks;

import java.util.List;

import io.containerengine.contracts.DeploymentStatus;

/** The event types webhooks carry and what endpoints may subscribe to. */
public final class WebhookEvents {

    public static final String DEPLOYMENT_STARTED = "deployment_started";
    public static final String DEPLOYMENT_COMPLETED = "deployment_completed";
    public static final String DEPLOYMENT_FAILED = "deployment_failed";
    /** Sent by {@code GET /v1/notifications/test} to every enabled endpoint of the caller; not subscribable. */
    public static final String TEST = "test_notification";

    public static final List<String> SUBSCRIBABLE = List.of(DEPLOYMENT_STARTED, DEPLOYMENT_COMPLETED, DEPLOYMENT_FAILED);

    private WebhookEvents() {
    }

    /** The spec's mapping: deploying/updating = started, running = completed, failed = failed; else none. */
    public static String typeOf(DeploymentStatus status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case DEPLOYING, UPDATING -> DEPLOYMENT_STARTED;
            case RUNNING -> DEPLOYMENT_COMPLETED;
            case FAILED -> DEPLOYMENT_FAILED;
            default -> null;
        };
    }

    /** The payload's {@code status} word for a type: started | completed | failed. */
    public static String statusWord(String type) {
        return type.substring("deployment_".length());
    }
}
