package io.containerengine.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.notifications.websocket.SessionRegistry;

/** Server pings with a short interval; no Kafka needed (the listener is not started). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ce.identity.secret=" + HeartbeatIT.SECRET,
        "ce.notifications.ping-interval=200ms",
        "spring.kafka.listener.auto-startup=false"})
// Closed after the class: its workers must not pick up other test classes' deliveries from the shared database.
@DirtiesContext
class HeartbeatIT {

    static final String SECRET = "notification-service-heartbeat-secret-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    SessionRegistry registry;

    private final InternalIdentity identity = new InternalIdentity(SECRET);

    @Test
    void aSocketThatAnswersPingsStaysConnected() {
        UUID user = UUID.randomUUID();
        try (TestSocket socket = TestSocket.open(uri(), headers(user), TestSocket.Pings.ANSWER)) {
            await().atMost(WAIT).until(() -> socket.pingsSeen.get() >= 5);
            assertThat(socket.closed).isNotDone();
            assertThat(registry.connections(user)).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> registry.connections(user) == 0);
    }

    @Test
    void aSocketThatNeverAnswersPingsIsClosedAndForgotten() throws Exception {
        UUID user = UUID.randomUUID();
        try (TestSocket socket = TestSocket.open(uri(), headers(user), TestSocket.Pings.IGNORE)) {
            await().atMost(WAIT).until(() -> socket.pingsSeen.get() >= 1);
            assertThat(socket.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getCode()).isEqualTo(1001);
            await().atMost(WAIT).until(() -> registry.connections(user) == 0);
        }
    }

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications");
    }

    private HttpHeaders headers(UUID user) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(InternalIdentity.HEADER, identity.sign(user));
        return headers;
    }
}
