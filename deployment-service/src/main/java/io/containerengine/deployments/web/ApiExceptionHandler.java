package io.containerengine.deployments.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.containerengine.common.web.ApiError;
import io.containerengine.common.web.BaseApiExceptionHandler;
import io.containerengine.common.web.BodySizeLimitFilter;
import io.containerengine.common.web.JsonBodyErrors;
import io.containerengine.common.web.PayloadTooLargeException;

/**
 * The one place where exceptions become the API's error body; internal messages never leave the service. The
 * handlers every service shares (404 for unknown paths, 405, 415, 4xx framework errors, 500) come from
 * {@link BaseApiExceptionHandler}; deployment errors name the field in the message ("Invalid replicas").
 */
@RestControllerAdvice
public class ApiExceptionHandler extends BaseApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ApiError> validation(ValidationException e) {
        return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + e.fields(), e.details()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFoundException(NotFoundException e) {
        return body(HttpStatus.NOT_FOUND, ApiError.of(e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ApiError> conflict(ConflictException e) {
        return body(HttpStatus.CONFLICT, ApiError.of(e.getMessage(), e.details()));
    }

    @ExceptionHandler(UnprocessableException.class)
    ResponseEntity<ApiError> unprocessable(UnprocessableException e) {
        return body(HttpStatus.UNPROCESSABLE_CONTENT, ApiError.of(e.getMessage(), e.details()));
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<ApiError> unavailable(ServiceUnavailableException e) {
        log.debug("Dependency unavailable", e);
        return body(HttpStatus.SERVICE_UNAVAILABLE, ApiError.of(e.getMessage()));
    }

    @Override
    protected ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        // A well-formed body with a value of the wrong type names the field; anything else is as everywhere.
        String unknown = JsonBodyErrors.unknownField(e);
        if (unknown != null) {
            return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + JsonBodyErrors.fieldOf(e), unknown));
        }
        String field = JsonBodyErrors.fieldOf(e);
        if (field != null && PayloadTooLargeException.findIn(e) == null) {
            return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + field, field + " has an invalid value"));
        }
        return super.unreadable(e);
    }

    @Override
    protected ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + e.getName(), e.getName() + " has an invalid value"));
    }

    @ExceptionHandler(MissingRequestValueException.class)
    ResponseEntity<ApiError> missing(MissingRequestValueException e) {
        return body(HttpStatus.BAD_REQUEST, ApiError.of("Missing request value"));
    }

    /** The client left a streamed response (followed logs): nobody to answer, nothing went wrong. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("Client disconnected: {}", e.getMessage());
    }

    @Override
    protected ResponseEntity<ApiError> unexpected(Exception e) {
        // A streamed body over the limit can surface wrapped in other exceptions than a JSON read.
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(e);
        if (tooLarge != null) {
            return body(HttpStatus.CONTENT_TOO_LARGE, BodySizeLimitFilter.error(tooLarge.limit()));
        }
        return super.unexpected(e);
    }

    private static ResponseEntity<ApiError> body(HttpStatus status, ApiError error) {
        return ResponseEntity.status(status).body(error);
    }
}
