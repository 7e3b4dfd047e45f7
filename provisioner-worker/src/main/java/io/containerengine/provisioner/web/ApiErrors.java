package io.containerengine.provisioner.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

import io.containerengine.common.web.ApiError;
import io.containerengine.common.web.BaseApiExceptionHandler;

/**
 * The platform's error shape for the few HTTP paths of this worker, never leaking exception messages: the shared
 * handlers, plus the reason a controller gives with a {@link ResponseStatusException} (the servlet container's
 * error dispatch is platform-common's JsonErrorController).
 */
@RestControllerAdvice
class ApiErrors extends BaseApiExceptionHandler {

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ApiError> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        String message = e.getReason() != null ? e.getReason()
                : status != null ? status.getReasonPhrase() : "Error";
        return error(e.getStatusCode(), message, null);
    }
}
