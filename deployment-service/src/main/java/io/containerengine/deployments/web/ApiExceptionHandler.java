package io.containerengine.deployments.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.containerengine.common.web.ApiError;
import io.containerengine.common.web.BaseApiExceptionHandler;
import io.containerengine.common.web.BodySizeLimitFilter;
import io.containerengine.common.web.PayloadTooLargeException;

/** The one place where exceptions become the API's error body; internal messages never leave the service. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<ApiError> validation(ValidationException e) {
        return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + e.fields(), e.details()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
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

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(e);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        // A well-formed body with a value of the wrong type names the field; anything else is bad JSON.
        String field = BaseApiExceptionHandler.fieldOf(e);
        if (field != null) {
            return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + field, field + " has an invalid value"));
        }
        return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid JSON body"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return body(HttpStatus.BAD_REQUEST, ApiError.of("Invalid " + e.getName(), e.getName() + " has an invalid value"));
    }

    @ExceptionHandler(MissingRequestValueException.class)
    ResponseEntity<ApiError> missing(MissingRequestValueException e) {
        return body(HttpStatus.BAD_REQUEST, ApiError.of("Missing request value"));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ApiError> noRoute(Exception e) {
        return body(HttpStatus.NOT_FOUND, ApiError.of("Not found"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return body(HttpStatus.METHOD_NOT_ALLOWED, ApiError.of("Method not allowed"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ApiError.of("Unsupported content type"));
    }

    /** The client left a streamed response (followed logs): nobody to answer, nothing went wrong. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("Client disconnected: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> internal(Exception e) {
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(e);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        // Other Spring MVC exceptions (406, 413, ...) carry their status; only their reason phrase is shown.
        if (e instanceof ErrorResponse response && !response.getStatusCode().is5xxServerError()) {
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            if (status != null) {
                return body(status, ApiError.of(status.getReasonPhrase()));
            }
        }
        log.error("Unhandled error", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, ApiError.of("Internal server error"));
    }

    private static ResponseEntity<ApiError> tooLarge(PayloadTooLargeException e) {
        return body(HttpStatus.CONTENT_TOO_LARGE, BodySizeLimitFilter.error(e.limit()));
    }

    private static ResponseEntity<ApiError> body(HttpStatus status, ApiError error) {
        return ResponseEntity.status(status).body(error);
    }
}
