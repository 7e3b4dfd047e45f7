package io.containerengine.provisioner.runtime.local;

/** A deployment problem with a message fit for the user (no stack trace: it is expected). */
final class DeployFailure extends RuntimeException {

    DeployFailure(String message) {
        super(message, null, false, false);
    }
}
