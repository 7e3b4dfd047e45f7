package io.containerengine.gateway.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import io.containerengine.gateway.apps.AppHostWebFilter;
import reactor.core.publisher.Mono;

/**
 * Turns every failure into the API error shape: unknown paths (404), a service or app that cannot be reached
 * (503/502), timeouts (504), anything else (500). Never a whitelabel page, an exception message or a stack trace.
 * Runs before Boot's own error handler (order -1).
 */
@Component
@Order(-2)
public class GatewayErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        String appHost = exchange.getAttribute(AppHostWebFilter.APP_HOST_ATTRIBUTE);
        String path = exchange.getRequest().getPath().value();
        HttpStatus status;
        String message;
        if (ex instanceof ResponseStatusException rse) {
            status = resolve(rse.getStatusCode());
            message = messageFor(status, appHost);
            if (status.is5xxServerError()) {
                log.warn("{} {} -> {}: {}", exchange.getRequest().getMethod(), path, status.value(), ex.toString());
            }
        } else if (isUnreachable(ex)) {
            status = appHost != null ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE;
            message = appHost != null ? "The app at " + appHost + " is not reachable" : "Service unavailable";
            log.warn("{} {} -> upstream unreachable: {}", exchange.getRequest().getMethod(), path, ex.toString());
        } else if (ex instanceof TimeoutException) {
            status = HttpStatus.GATEWAY_TIMEOUT;
            message = "Upstream timed out";
            log.warn("{} {} -> upstream timed out", exchange.getRequest().getMethod(), path);
        } else if (ex instanceof IOException) {
            status = HttpStatus.BAD_GATEWAY;
            message = "Bad gateway";
            log.warn("{} {} -> upstream failed: {}", exchange.getRequest().getMethod(), path, ex.toString());
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            message = "Internal server error";
            log.error("{} {} failed", exchange.getRequest().getMethod(), path, ex);
        }
        try {
            // drop whatever headers a half-proxied upstream response left behind
            exchange.getResponse().getHeaders().clear();
        } catch (UnsupportedOperationException readOnly) {
            return Mono.error(ex);
        }
        return ErrorResponses.write(exchange, status, message);
    }

    private static boolean isUnreachable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static HttpStatus resolve(HttpStatusCode code) {
        HttpStatus status = HttpStatus.resolve(code.value());
        return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String messageFor(HttpStatus status, String appHost) {
        return switch (status.value()) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request too large";
            case 415 -> "Unsupported media type";
            case 502, 503 -> appHost != null ? "The app at " + appHost + " is not reachable" : "Service unavailable";
            case 504 -> "Upstream timed out";
            default -> status.is4xxClientError() ? "Bad request" : "Internal server error";
        };
    }
}
