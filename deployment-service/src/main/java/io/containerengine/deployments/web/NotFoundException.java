package io.containerengine.deployments.web;

/** The resource does not exist for this caller (also used for other users' resources, to hide them). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
