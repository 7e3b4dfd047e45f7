package io.containerengine.auth.ratelimit;

import org.springframework.http.HttpStatus;

import io.containerengine.common.web.ApiException;

/** 429 with the seconds after which the same request can succeed (sent as {@code Retry-After}). */
public class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                "Try again in " + retryAfterSeconds + " second" + (retryAfterSeconds == 1 ? "" : "s"));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
