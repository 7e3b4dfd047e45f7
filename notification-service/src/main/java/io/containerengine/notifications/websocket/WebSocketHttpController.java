package io.containerengine.notifications.websocket;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.notifications.web.ApiException;

/**
 * The plain-HTTP side of the WebSocket paths. Upgrade requests never get here (see {@link WebSocketConfig});
 * {@code /v1/notifications/test} and {@code /stats} span every channel and live in {@code stats/}.
 */
@RestController
public class WebSocketHttpController {

    private final SessionRegistry registry;

    public WebSocketHttpController(SessionRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(HealthWebSocketHandler.PATH)
    HealthWebSocketHandler.Health health() {
        return HealthWebSocketHandler.Health.of(registry);
    }

    @GetMapping(NotificationsWebSocketHandler.PATH)
    void notificationsWithoutUpgrade() {
        throw new ApiException(HttpStatus.BAD_REQUEST, "WebSocket upgrade required");
    }
}
