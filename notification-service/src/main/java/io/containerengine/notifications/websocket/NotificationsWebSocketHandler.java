package io.containerengine.notifications.websocket;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.notifications.NotificationProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/ws/notifications}: registers the socket under the user the identity filter verified before the
 * upgrade, sends that user's frames, pings on an interval and drops sockets that stop answering.
 */
@Component
public class NotificationsWebSocketHandler implements WebSocketHandler {

    public static final String PATH = "/v1/ws/notifications";

    private final SessionRegistry registry;
    private final NotificationProperties properties;

    public NotificationsWebSocketHandler(SessionRegistry registry, NotificationProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        // Copied from the exchange by the handshake service; the filter refused the upgrade if it was absent.
        Object user = session.getAttributes().get(InternalIdentity.USER_ID_ATTRIBUTE);
        if (!(user instanceof UUID userId)) {
            return session.close(CloseStatus.POLICY_VIOLATION);
        }
        Connection connection = new Connection(userId, session, properties.outboundBuffer());
        registry.add(connection);

        Flux<WebSocketMessage> pings = Flux.interval(properties.pingInterval())
                .takeWhile(tick -> connection.beforePing())
                .map(tick -> session.pingMessage(factory -> factory.wrap(new byte[0])));
        Flux<WebSocketMessage> outbound = Flux.merge(connection.frames().map(session::textMessage), pings);
        // Client frames are not commands; any of them (pongs included) only proves the peer is alive. Once the
        // server gave up on the socket, the end of inbound (caused by our own close) must not cut that close
        // short: `closing` ends the handler then.
        Mono<Void> inbound = session.receive().doOnNext(message -> connection.seen()).then()
                .then(Mono.defer(() -> connection.isAbandoned() ? Mono.never() : Mono.empty()));
        // A failed send (broken connection) ends the socket; a completed one (after a close frame) does not.
        Mono<Void> sending = session.send(outbound).then(Mono.never());
        // Reactor Netty closes the connection once the close frame is written, so nothing to wait for after.
        Mono<Void> closing = connection.abandoned().flatMap(session::close);

        // Ends when the peer closes, the connection breaks or the server gave up on the socket.
        return Mono.firstWithSignal(inbound, sending, closing)
                .doFinally(signal -> {
                    registry.remove(connection);
                    connection.completeOutbound();
                });
    }
}
