package io.containerengine.notifications.websocket;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/ws/health} over WebSocket: sends the health JSON once, then closes normally. */
@Component
public class HealthWebSocketHandler implements WebSocketHandler {

    public static final String PATH = "/v1/ws/health";

    private final SessionRegistry registry;
    private final JsonMapper json;

    public HealthWebSocketHandler(SessionRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        String body = json.writeValueAsString(Health.of(registry));
        return session.send(Mono.just(session.textMessage(body)))
                .then(session.close(CloseStatus.NORMAL));
    }

    /** The health body; the connection count is a total over all users, so it reveals nothing personal. */
    public record Health(String status, String service, int connections) {
        static Health of(SessionRegistry registry) {
            return new Health("healthy", "notification-service", registry.totalConnections());
        }
    }
}
