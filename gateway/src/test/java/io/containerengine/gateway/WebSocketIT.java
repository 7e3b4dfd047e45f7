package io.containerengine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import io.containerengine.contracts.EventJson;
import io.containerengine.gateway.apps.RouteSnapshotLoader;
import io.containerengine.gateway.apps.RouteTable;
import io.containerengine.gateway.support.GatewayItSupport;
import io.containerengine.gateway.support.Tokens;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class WebSocketIT extends GatewayItSupport {

    private final ReactorNettyWebSocketClient ws = new ReactorNettyWebSocketClient();

    @Autowired
    private RouteTable routes;

    @Autowired
    private RouteSnapshotLoader routeSnapshot;

    @Test
    void notificationSocketPassesThroughWithQueryTokenWhichIsStripped() {
        UUID user = UUID.randomUUID();
        List<String> received = talk(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications?token="
                + Tokens.access(user) + "&since=5"), new HttpHeaders());

        JsonNode hello = EventJson.mapper().readTree(received.get(0));
        assertThat(hello.get("server").asString()).isEqualTo("notifications");
        assertThat(hello.get("path").asString()).isEqualTo("/v1/ws/notifications");
        assertThat(hello.get("query").asString()).isEqualTo("since=5");
        assertThat(hello.get("identity_user").asString()).isEqualTo(user.toString());
        assertThat(received.get(1)).isEqualTo("echo:ping");
    }

    @Test
    void notificationSocketAcceptsBearerHeaderAndSubprotocolToken() {
        UUID user = UUID.randomUUID();
        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(Tokens.access(user));
        assertThat(identityOf(talk(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications"), bearer)))
                .isEqualTo(user.toString());

        // what a browser does: new WebSocket(url, ["bearer", token]); the gateway answers "bearer" (else this
        // client would fail the handshake) and does not pass the token on as a subprotocol
        List<String> received = talk(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications"),
                new HttpHeaders(), List.of("bearer", Tokens.access(user)));
        assertThat(identityOf(received)).isEqualTo(user.toString());
        JsonNode headers = EventJson.mapper().readTree(received.get(0)).get("headers");
        assertThat(headers.has("sec-websocket-protocol")).isFalse();
        assertThat(headers.has("x-ce-gateway-drop-subprotocols")).isFalse();
    }

    @Test
    void socketWithoutValidTokenIsRefused() {
        assertThatThrownBy(() -> talk(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications"),
                new HttpHeaders())).hasMessageContaining("401");
        assertThatThrownBy(() -> talk(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications?token="
                + Tokens.refresh(UUID.randomUUID())), new HttpHeaders())).hasMessageContaining("401");
    }

    @Test
    void deploymentLogStreamReachesDeploymentServiceAsAWebSocketWithQueryToken() {
        UUID user = UUID.randomUUID();
        UUID deployment = UUID.randomUUID();
        List<String> received = talk(URI.create("ws://127.0.0.1:" + port + "/v1/deployments/" + deployment
                + "/logs/stream?tail=20&token=" + Tokens.access(user)), new HttpHeaders());

        JsonNode hello = EventJson.mapper().readTree(received.get(0));
        assertThat(hello.get("server").asString()).isEqualTo("deployments");
        assertThat(hello.get("method").asString()).isEqualTo("GET");
        assertThat(hello.get("path").asString()).isEqualTo("/v1/deployments/" + deployment + "/logs/stream");
        assertThat(hello.get("query").asString()).isEqualTo("tail=20"); // the token stops at the gateway
        assertThat(hello.get("identity_user").asString()).isEqualTo(user.toString());
        // a real WebSocket handshake (what spring-websocket's Tomcat upgrade requires), not a proxied plain GET
        JsonNode headers = hello.get("headers");
        assertThat(headers.get("upgrade").asString()).isEqualToIgnoringCase("websocket");
        assertThat(headers.get("connection").asString()).containsIgnoringCase("upgrade");
        assertThat(headers.get("sec-websocket-version").asString()).isEqualTo("13");
        assertThat(headers.has("sec-websocket-key")).isTrue();
        assertThat(received.get(1)).isEqualTo("echo:ping");
    }

    @Test
    void deploymentLogStreamAcceptsABearerHeaderAndRefusesNoToken() {
        UUID user = UUID.randomUUID();
        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(Tokens.access(user));
        URI uri = URI.create("ws://127.0.0.1:" + port + "/v1/deployments/" + UUID.randomUUID() + "/logs/stream");

        List<String> received = talk(uri, bearer);
        assertThat(identityOf(received)).isEqualTo(user.toString());
        assertThat(EventJson.mapper().readTree(received.get(0)).get("server").asString()).isEqualTo("deployments");

        assertThatThrownBy(() -> talk(uri, new HttpHeaders())).hasMessageContaining("401");
    }

    @Test
    void appSocketIsProxiedByHost() {
        // a snapshot still pending would drop a route it does not list
        await().atMost(Duration.ofSeconds(20)).until(routeSnapshot::isUpToDate);
        routes.put(UUID.randomUUID(), "chat.localhost", List.of(APP_B.endpoint()));
        HttpHeaders host = new HttpHeaders();
        host.set(HttpHeaders.HOST, "chat.localhost");

        List<String> received = talk(URI.create("ws://127.0.0.1:" + port + "/socket?room=1"), host);

        JsonNode hello = EventJson.mapper().readTree(received.get(0));
        assertThat(hello.get("server").asString()).isEqualTo("app-b");
        assertThat(hello.get("path").asString()).isEqualTo("/socket");
        assertThat(hello.get("query").asString()).isEqualTo("room=1");
        assertThat(received.get(1)).isEqualTo("echo:ping");
    }

    private static String identityOf(List<String> received) {
        return EventJson.mapper().readTree(received.get(0)).get("identity_user").asString();
    }

    /** Connects, sends "ping", returns the first two frames received. */
    private List<String> talk(URI uri, HttpHeaders headers) {
        return talk(uri, headers, List.of());
    }

    private List<String> talk(URI uri, HttpHeaders headers, List<String> subProtocols) {
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return subProtocols;
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return session.send(Mono.just(session.textMessage("ping")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(2))
                        .doOnNext(received::add)
                        .then();
            }
        };
        ws.execute(uri, headers, handler).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(1)).until(() -> received.size() == 2);
        return received;
    }
}
