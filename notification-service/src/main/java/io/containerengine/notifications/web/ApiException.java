package io.containerengine.notifications.web;

import org.springframework.http.HttpStatus;

/** An error whose message is meant for the client as is. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
