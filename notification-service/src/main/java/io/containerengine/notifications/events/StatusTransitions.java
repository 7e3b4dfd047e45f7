package io.containerengine.notifications.events;

import io.containerengine.contracts.DeploymentStatusChanged;

/**
 * deployment-service also emits {@code deployment.status_changed} when only the endpoints or custom domains of a
 * deployment change (a scale, a verified domain) for the gateway's routes. Users are told only about real
 * transitions: same status twice is not news to a socket, a webhook or a mailbox.
 */
final class StatusTransitions {

    private StatusTransitions() {
    }

    static boolean isTransition(DeploymentStatusChanged change) {
        return change.status() != change.previousStatus();
    }
}
