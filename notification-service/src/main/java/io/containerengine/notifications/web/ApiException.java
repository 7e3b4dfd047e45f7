package io.containerengine.notifications.web;

import org.springframework.http.HttpStatus;

/** An error whose message (and optional details) are meant for the client as is. */
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

    /** 400 naming the field: {@code {"message":"Invalid <field>","details":"<why>"}}. */
    public static ApiException invalid(String field, String details) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid " + field, details);
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found");
    }

    public HttpStatus status() {
        return status;
    }

    public String details() {
        return details;
    }
}
