package io.containerengine.notifications.websocket;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;

import io.containerengine.common.identity.InternalIdentity;
import reactor.core.publisher.Mono;

/**
 * Maps the WebSocket paths for upgrade requests only, so a plain GET on {@code /v1/ws/health} reaches the
 * controller. The identity filter (a WebFilter) runs before this mapping, so an upgrade without a valid
 * identity is answered 401 and never upgraded.
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfig implements WebFluxConfigurer {

    @Bean
    HandlerMapping webSocketHandlerMapping(NotificationsWebSocketHandler notifications,
            HealthWebSocketHandler health) {
        var mapping = new SimpleUrlHandlerMapping() {
            @Override
            public Mono<Object> getHandlerInternal(ServerWebExchange exchange) {
                return isUpgrade(exchange) ? super.getHandlerInternal(exchange) : Mono.empty();
            }
        };
        mapping.setUrlMap(Map.of(NotificationsWebSocketHandler.PATH, notifications,
                HealthWebSocketHandler.PATH, health));
        mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return mapping;
    }

    /**
     * Hands the user id the identity filter put on the exchange to the WebSocket session.
     * ({@code HandshakeWebSocketService}'s attribute predicate copies WebSession attributes, not exchange
     * attributes, so the handler is wrapped instead.)
     */
    @Override
    public WebSocketService getWebSocketService() {
        var handshake = new HandshakeWebSocketService();
        return (exchange, handler) -> {
            Object userId = exchange.getAttribute(InternalIdentity.USER_ID_ATTRIBUTE);
            return handshake.handleRequest(exchange, new WebSocketHandler() {
                @Override
                public List<String> getSubProtocols() {
                    return handler.getSubProtocols();
                }

                @Override
                public Mono<Void> handle(WebSocketSession session) {
                    if (userId != null) {
                        session.getAttributes().put(InternalIdentity.USER_ID_ATTRIBUTE, userId);
                    }
                    return handler.handle(session);
                }
            });
        };
    }

    static boolean isUpgrade(ServerWebExchange exchange) {
        return "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
    }
}
