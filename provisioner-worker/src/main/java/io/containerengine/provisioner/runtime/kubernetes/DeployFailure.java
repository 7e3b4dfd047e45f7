package io.containerengine.provisioner.runtime.kubernetes;

/** A deployment problem with a message fit for the user (reported as {@code failed}). */
class DeployFailure extends RuntimeException {

    DeployFailure(String message) {
        super(message, null, false, false);
    }
}
