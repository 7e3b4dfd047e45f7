package io.containerengine.provisioner.runtime;

/**
 * The runtime's connection to its engine came back after a break (e.g. the podman service restarted): what
 * happened in between is found by reconciling everything at once.
 */
public record RuntimeReconnected(String reason) {
}
