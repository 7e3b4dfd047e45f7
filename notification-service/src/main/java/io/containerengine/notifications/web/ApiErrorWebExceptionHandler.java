package io.containerengine.notifications.web;

import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;

import io.containerengine.common.web.ApiError;
import io.containerengine.common.web.JsonBodyErrors;
import reactor.core.publisher.Mono;

/**
 * The service's one error mapping: every error that reaches the web layer (controllers, unknown paths, wrong
 * methods, failed handshakes) leaves as {@code {"error":{"message",...}}}. Ordered before Boot's
 * {@code DefaultErrorWebExceptionHandler} (-1) so its JSON never shows. Messages are fixed texts: internal
 * exception messages are logged, never sent.
 */
@Component
@Order(-2)
public class ApiErrorWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorWebExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatusCode status;
        ApiError body;
        if (ex instanceof ApiException api) {
            status = api.status();
            body = api.details() == null ? ApiError.of(api.getMessage()) : ApiError.of(api.getMessage(), api.details());
        } else if (ex instanceof ServerWebInputException input && input.getCause() instanceof DecodingException) {
            status = HttpStatus.BAD_REQUEST;
            body = JsonBodyErrors.asError(input); // as the servlet services answer
        } else if (ex instanceof ResponseStatusException rse) {
            status = rse.getStatusCode();
            body = ApiError.of(messageFor(status));
            response.getHeaders().addAll(rse.getHeaders());
        } else {
            log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), ex);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            body = ApiError.of("Internal server error");
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        var buffer = response.bufferFactory().wrap(body.toJson().getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private static String messageFor(HttpStatusCode status) {
        if (status.is5xxServerError()) {
            return "Internal server error";
        }
        return switch (status.value()) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 415 -> "Unsupported media type";
            default -> {
                HttpStatus known = HttpStatus.resolve(status.value());
                yield known != null ? known.getReasonPhrase() : "Request failed";
            }
        };
    }
}
