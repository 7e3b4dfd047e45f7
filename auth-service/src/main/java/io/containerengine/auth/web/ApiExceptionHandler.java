package io.containerengine.auth.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.containerengine.auth.ratelimit.RateLimitedException;
import io.containerengine.common.web.ApiError;
import io.containerengine.common.web.BaseApiExceptionHandler;

/** The one place that turns exceptions into the API's error body: the common handlers plus 429's Retry-After. */
@RestControllerAdvice
public class ApiExceptionHandler extends BaseApiExceptionHandler {

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<ApiError> rateLimited(RateLimitedException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(ApiError.of(e.getMessage(), e.details()));
    }
}
