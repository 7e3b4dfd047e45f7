package io.containerengine.deployments.web;

/** 422: well-formed, but cannot be processed (idempotency key reused with another body, DNS proof missing). */
public class UnprocessableException extends RuntimeException {

    private final String details;

    public UnprocessableException(String message, String details) {
        super(message);
        this.details = details;
    }

    public String details() {
        return details;
    }
}
