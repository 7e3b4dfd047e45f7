package io.containerengine.common.web;

import org.springframework.http.HttpStatus;

/** An expected failure with the status and the client-facing message (never an internal detail). */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String details;

    public ApiException(HttpStatus status, String message) {
        this(status, message, null);
    }

    public ApiException(HttpStatus status, String message, String details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    public HttpStatus status() {
        return status;
    }

    public String details() {
        return details;
    }
}
