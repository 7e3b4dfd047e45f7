package io.containerengine.notifications.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.containerengine.common.net.Cidr;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * One HTTP attempt: POST the body with the given headers, no redirects followed, bounded by the attempt timeout.
 * User endpoints go through the SSRF guard's resolver (IP literals are checked here, they need no resolution);
 * the operator's global URL does not.
 */
@Component
public class WebhookSender implements DisposableBean {

    /** The outcome of an attempt: a status code, or an error (then code is null) — never both null. */
    public record Result(Integer statusCode, String error) {
        public boolean success() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        static Result failed(String error) {
            return new Result(null, error);
        }
    }

    private static final String USER_AGENT = "ContainerEngine-Webhooks/1.0";

    private final SsrfGuard guard;
    private final Duration attemptTimeout;
    private final ConnectionProvider connections;
    private final HttpClient guarded;
    private final HttpClient trusted;

    public WebhookSender(WebhookProperties properties, SsrfGuard guard) {
        this.guard = guard;
        this.attemptTimeout = properties.attemptTimeout();
        // Small pool: a few receivers at a time; idle connections are dropped soon to keep memory low.
        this.connections = ConnectionProvider.builder("webhooks")
                .maxConnections(properties.maxInFlight())
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(20))
                .build();
        HttpClient base = HttpClient.create(connections)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(attemptTimeout)
                .headers(headers -> headers
                        .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON));
        this.guarded = base.resolver(new GuardedResolverGroup(guard, Schedulers.boundedElastic()));
        this.trusted = base;
    }

    /** Never errors: failures come back as a {@link Result} with the reason. */
    public Mono<Result> post(String url, boolean userSupplied, Map<String, String> headers, String body) {
        return Mono.defer(() -> {
            URI uri;
            try {
                uri = SsrfGuard.parse(url);
                String host = SsrfGuard.hostOf(uri);
                if (userSupplied && Cidr.isLiteral(host)) {
                    guard.resolveAllowed(host);
                }
            } catch (SsrfGuard.RefusedException e) {
                return Mono.just(Result.failed("refused: " + e.getMessage()));
            }
            return (userSupplied ? guarded : trusted)
                    .headers(h -> headers.forEach(h::set))
                    .post()
                    .uri(uri)
                    .send(ByteBufMono.fromString(Mono.just(body)))
                    .response()
                    .map(response -> new Result(response.status().code(), null))
                    .timeout(attemptTimeout.plusSeconds(1))
                    .onErrorResume(error -> Mono.just(Result.failed(describe(error))));
        });
    }

    /** A short reason for the delivery log: what the endpoint's owner needs, nothing internal. */
    static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SsrfGuard.RefusedException refused) {
                return "refused: " + refused.getMessage();
            }
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
                    || cause instanceof io.netty.channel.ConnectTimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
            if (cause instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "host cannot be resolved";
            }
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void destroy() {
        connections.disposeLater().block(Duration.ofSeconds(5));
    }
}
