package io.containerengine.deployments.web;

/** 409: the request conflicts with the resource's current state (taken name, claimed domain, wrong status). */
public class ConflictException extends RuntimeException {

    private final String details;

    public ConflictException(String message) {
        this(message, null);
    }

    public ConflictException(String message, String details) {
        super(message);
        this.details = details;
    }

    public String details() {
        return details;
    }
}
