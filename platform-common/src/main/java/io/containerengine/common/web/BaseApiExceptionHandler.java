package io.containerengine.common.web;

import java.util.Comparator;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The handlers every servlet service needs to turn exceptions into {@link ApiError} bodies: {@link ApiException},
 * bad JSON (400, or 413 for a chunked body over the {@link BodySizeLimitFilter} limit), bean validation (400 naming
 * the snake_case fields), unknown path 404, 405, 415, and a fallback that keeps a framework exception's 4xx status
 * and answers anything else with 500 "Internal server error", never the exception's message.
 *
 * <p>Not an advice itself: each service has exactly one {@code @RestControllerAdvice}, its own, that extends this
 * class and adds only its specific handlers (a handler for a subclass of an exception handled here wins, being
 * the closer match). Handler methods are protected so a service can override one and fall back to {@code super}.
 */
public abstract class BaseApiExceptionHandler {

    /** Under the service's own advice class name, as before this base existed. */
    private final Log log = LogFactory.getLog(getClass());

    @ExceptionHandler(ApiException.class)
    protected ResponseEntity<ApiError> api(ApiException e) {
        return error(e.status(), e.getMessage(), e.details());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    protected ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        // A chunked body that went over the limit while being parsed.
        PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(e);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(BodySizeLimitFilter.error(tooLarge.limit()));
        }
        return ResponseEntity.badRequest().body(JsonBodyErrors.asError(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    protected ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        String details = e.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(f -> snakeCase(f.getField()) + ": " + f.getDefaultMessage())
                .distinct()
                .collect(Collectors.joining("; "));
        return error(HttpStatus.BAD_REQUEST, "Invalid input data", details);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    protected ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "Invalid input data", snakeCase(e.getName()) + ": invalid value");
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    protected ResponseEntity<ApiError> notFound(Exception e) {
        return error(HttpStatus.NOT_FOUND, "Not found", null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    protected ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed", null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    protected ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", null);
    }

    @ExceptionHandler(ServletRequestBindingException.class)
    protected ResponseEntity<ApiError> binding(ServletRequestBindingException e) {
        return error(HttpStatus.BAD_REQUEST, "Invalid request", null);
    }

    @ExceptionHandler(Exception.class)
    protected ResponseEntity<ApiError> unexpected(Exception e) {
        // Other framework exceptions that already know their 4xx status (406, 413, ...).
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.resolve(known.getStatusCode().value());
            return error(known.getStatusCode(), status == null ? "Request failed" : status.getReasonPhrase(), null);
        }
        log.error("Unhandled exception", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error", null);
    }

    protected static ResponseEntity<ApiError> error(HttpStatusCode status, String message, String details) {
        return ResponseEntity.status(status).body(ApiError.of(message, details));
    }

    /** Field names as the client wrote them (the JSON is snake_case). */
    public static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
