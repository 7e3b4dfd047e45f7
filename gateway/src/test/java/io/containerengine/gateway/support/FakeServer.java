package io.containerengine.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.containerengine.common.identity.InternalIdentity;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a service or an app behind the gateway (Reactor Netty on a random port). HTTP requests are
 * echoed back as JSON (method, path, query, headers, body size, the verified identity); a WebSocket first
 * sends the same description, then echoes every text frame as {@code echo:<text>}.
 */
public final class FakeServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final InternalIdentity IDENTITY = new InternalIdentity(Tokens.IDENTITY_SECRET);

    private final String name;
    private final DisposableServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Function<HttpServerRequest, Optional<Reply>> override = r -> Optional.empty();

    /** A canned answer for some requests instead of the echo. */
    public record Reply(int status, String body) {
    }

    public FakeServer(String name) {
        this.name = name;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> {
                    requests.incrementAndGet();
                    if ("websocket".equalsIgnoreCase(request.requestHeaders().get("Upgrade"))) {
                        String hello = describe(request, 0);
                        return response.sendWebsocket((in, out) -> out.sendString(Flux.concat(
                                Mono.just(hello), in.receive().asString().map(text -> "echo:" + text))));
                    }
                    Optional<Reply> canned = override.apply(request);
                    if (canned.isPresent()) {
                        return response.status(canned.get().status())
                                .header("Content-Type", "application/json")
                                .sendString(Mono.just(canned.get().body()));
                    }
                    return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                            .flatMap(body -> response.status(HttpResponseStatus.OK)
                                    .header("Content-Type", "application/json")
                                    .sendString(Mono.just(describe(request, body.length)))
                                    .then());
                })
                .bindNow();
    }

    public void answer(Function<HttpServerRequest, Optional<Reply>> override) {
        this.override = override;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@code host:port}, as the route table lists endpoints. */
    public String endpoint() {
        return "127.0.0.1:" + server.port();
    }

    public int requestCount() {
        return requests.get();
    }

    private String describe(HttpServerRequest request, int bodyLength) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", name);
        out.put("method", request.method().name());
        String uri = request.uri();
        int q = uri.indexOf('?');
        out.put("path", q < 0 ? uri : uri.substring(0, q));
        out.put("query", q < 0 ? "" : uri.substring(q + 1));
        Map<String, String> headers = new LinkedHashMap<>();
        request.requestHeaders().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(), e.getValue()));
        out.put("headers", headers);
        out.put("body_length", bodyLength);
        out.put("identity_user", IDENTITY.verify(request.requestHeaders().get(InternalIdentity.HEADER))
                .map(UUID::toString).orElse("none"));
        return JSON.writeValueAsString(out);
    }

    /** A port nothing listens on: a service that is down. */
    public static String deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
