package io.containerengine.deployments.web;

/** 503: a dependency (the provisioner's logs/metrics, DNS) cannot answer right now; the message is user-facing. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message) {
        super(message);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
