package io.containerengine.gateway.auth;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import reactor.core.publisher.Mono;

/**
 * The gateway's WebSocket client towards services and apps. When the caller authenticated with a token
 * offered as a subprotocol (browsers: {@code new WebSocket(url, ["bearer", jwt])}), the subprotocols are not
 * passed on: the token must not travel further, and the service need not know the convention. The gateway
 * still answers the browser with its first offered protocol, as the browser requires. Every other socket
 * (apps using real subprotocols) passes unchanged.
 */
public class SubprotocolTokenWebSocketClient implements WebSocketClient {

    /** Internal marker from {@link IdentityHeaderFilter} to this client; never sent on. */
    static final String DROP_SUBPROTOCOLS_HEADER = "X-CE-Gateway-Drop-Subprotocols";

    private final WebSocketClient delegate;

    public SubprotocolTokenWebSocketClient(WebSocketClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> execute(URI url, WebSocketHandler handler) {
        return delegate.execute(url, handler);
    }

    @Override
    public Mono<Void> execute(URI url, HttpHeaders headers, WebSocketHandler handler) {
        if (!headers.containsHeader(DROP_SUBPROTOCOLS_HEADER)) {
            return delegate.execute(url, headers, handler);
        }
        HttpHeaders forwarded = HttpHeaders.copyOf(headers);
        forwarded.remove(DROP_SUBPROTOCOLS_HEADER);
        return delegate.execute(url, forwarded, new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return List.of();
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return handler.handle(session);
            }
        });
    }
}
