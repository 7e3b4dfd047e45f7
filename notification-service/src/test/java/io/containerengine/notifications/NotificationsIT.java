package io.containerengine.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.CloseStatus;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.notifications.events.DeploymentEventsListener;
import io.containerengine.notifications.websocket.SessionRegistry;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service against an embedded Kafka broker, with real WebSocket clients on a random port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ce.identity.secret=" + NotificationsIT.SECRET})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS}, partitions = 1)
// Closed after the class: its workers must not pick up other test classes' deliveries from the shared database.
@DirtiesContext
class NotificationsIT {

    static final String SECRET = "notification-service-test-secret-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long "receives nothing" is given, on top of the ordering argument each test makes. */
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Logger log = LoggerFactory.getLogger(NotificationsIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KafkaProducer<String, String> producer;
    private static boolean consumerReady;

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    SessionRegistry registry;

    private final InternalIdentity identity = new InternalIdentity(SECRET);
    private final List<TestSocket> sockets = new ArrayList<>();
    private WebTestClient http;

    @BeforeEach
    void setUp() throws Exception {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(KafkaTestUtils.producerProps(broker));
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer = new KafkaProducer<>(props);
        }
        if (!consumerReady) {
            awaitConsumerAtLatestOffset();
            consumerReady = true;
        }
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(TestSocket::close);
        await().atMost(WAIT).until(() -> registry.totalConnections() == 0);
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        consumerReady = false;
    }

    @Test
    void everySocketOfTheOwnerReceivesTheEventAndOtherUsersNothing() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        TestSocket first = connect(owner);
        TestSocket second = connect(owner);
        TestSocket stranger = connect(other);
        awaitConnections(owner, 2);
        awaitConnections(other, 1);

        UUID deployment = UUID.randomUUID();
        EventEnvelope event = statusChanged(owner, deployment, DeploymentStatus.RUNNING, "http://app.localhost", null);
        produce(event);

        for (TestSocket socket : List.of(first, second)) {
            JsonNode frame = JSON.readTree(socket.next(WAIT).text());
            assertThat(names(frame)).containsExactly("type", "deployment_id", "timestamp", "data");
            assertThat(frame.get("type").asString()).isEqualTo("deployment_status_changed");
            assertThat(frame.get("deployment_id").asString()).isEqualTo(deployment.toString());
            assertThat(Instant.parse(frame.get("timestamp").asString())).isEqualTo(event.occurredAt());
            assertThat(names(frame.get("data"))).containsExactly("status", "url");
            assertThat(frame.get("data").get("status").asString()).isEqualTo("running");
            assertThat(frame.get("data").get("url").asString()).isEqualTo("http://app.localhost");
        }
        // Single partition: once the stranger has its own later event, the owner's event was handled before.
        produce(statusChanged(other, UUID.randomUUID(), DeploymentStatus.PENDING, null, null));
        JsonNode own = JSON.readTree(stranger.next(WAIT).text());
        assertThat(own.get("data").get("status").asString()).isEqualTo("pending");
        assertThat(own.get("data").get("url").isNull()).isTrue();
        assertThat(stranger.frames.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        assertThat(first.drain()).isEmpty();
        assertThat(second.drain()).isEmpty();
    }

    @Test
    void failedStatusCarriesTheErrorMessage() throws Exception {
        UUID owner = UUID.randomUUID();
        TestSocket socket = connect(owner);
        awaitConnections(owner, 1);

        produce(statusChanged(owner, UUID.randomUUID(), DeploymentStatus.FAILED, null, "image not found"));

        JsonNode data = JSON.readTree(socket.next(WAIT).text()).get("data");
        assertThat(names(data)).containsExactly("status", "url", "error_message");
        assertThat(data.get("status").asString()).isEqualTo("failed");
        assertThat(data.get("error_message").asString()).isEqualTo("image not found");
    }

    @Test
    void aDuplicateEventIsPushedOnceAndOtherEventTypesAreIgnored() throws Exception {
        UUID owner = UUID.randomUUID();
        TestSocket socket = connect(owner);
        awaitConnections(owner, 1);
        UUID deployment = UUID.randomUUID();

        EventEnvelope event = statusChanged(owner, deployment, DeploymentStatus.DEPLOYING, null, null);
        produce(event);
        produce(event);
        produce(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, deployment, owner,
                new DeploymentDeleted(deployment, owner, "app", "app.localhost", 1)));
        EventEnvelope last = statusChanged(owner, deployment, DeploymentStatus.RUNNING, "http://app.localhost", null);
        produce(last);

        assertThat(statusOf(socket.next(WAIT))).isEqualTo("deploying");
        // Same partition, so the duplicate and the deletion came before this one and were dropped.
        assertThat(statusOf(socket.next(WAIT))).isEqualTo("running");
        assertThat(socket.frames.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        assertThat(stats(owner).get("events_sent").asLong()).isEqualTo(2);
    }

    @Test
    void anUpgradeWithoutIdentityIsRefusedBeforeTheHandshake() {
        TestSocket anonymous = track(TestSocket.open(wsUri("/v1/ws/notifications"), new HttpHeaders()));

        assertRefusedWith401(anonymous);
        assertThat(registry.totalConnections()).isZero();
    }

    @Test
    void anUpgradeWithAForgedIdentityIsRefusedBeforeTheHandshake() {
        UUID victim = UUID.randomUUID();
        String forged = new InternalIdentity("some-other-secret-that-is-long-enough-0123").sign(victim);
        TestSocket socket = track(TestSocket.open(wsUri("/v1/ws/notifications"), identityHeader(forged)));

        assertRefusedWith401(socket);
        assertThat(registry.connections(victim)).isZero();

        // The same refusal as plain HTTP: 401 in the API's error shape, never a 101.
        http.get().uri("/v1/ws/notifications")
                .header(HttpHeaders.UPGRADE, "websocket")
                .header(HttpHeaders.CONNECTION, "Upgrade")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Sec-WebSocket-Version", "13")
                .header(InternalIdentity.HEADER, forged)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"error\":{\"message\":\"Authentication required\"}}");
    }

    @Test
    void healthAnswersPlainHttpAndWebSocketWithoutIdentity() throws Exception {
        UUID user = UUID.randomUUID();
        connect(user);
        awaitConnections(user, 1);

        http.get().uri("/v1/ws/health").exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"status\":\"healthy\",\"service\":\"notification-service\",\"connections\":1}",
                        JsonCompareMode.STRICT);

        TestSocket health = track(TestSocket.open(wsUri("/v1/ws/health"), new HttpHeaders()));
        JsonNode body = JSON.readTree(health.next(WAIT).text());
        assertThat(body.get("status").asString()).isEqualTo("healthy");
        assertThat(body.get("service").asString()).isEqualTo("notification-service");
        assertThat(body.get("connections").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(health.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getCode())
                .isEqualTo(CloseStatus.NORMAL.getCode());
    }

    @Test
    void testNotificationReachesOnlyTheCallersSocketsAndStatsCountThem() throws Exception {
        UUID caller = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        TestSocket first = connect(caller);
        TestSocket second = connect(caller);
        TestSocket stranger = connect(other);
        awaitConnections(caller, 2);
        awaitConnections(other, 1);

        http.get().uri("/v1/notifications/test").header(InternalIdentity.HEADER, identity.sign(caller)).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"message\":\"Test notification sent\",\"delivered_to\":2,\"webhooks\":0}",
                        JsonCompareMode.STRICT);

        for (TestSocket socket : List.of(first, second)) {
            JsonNode frame = JSON.readTree(socket.next(WAIT).text());
            assertThat(names(frame)).containsExactly("type", "timestamp", "data");
            assertThat(frame.get("type").asString()).isEqualTo("test_notification");
            Instant.parse(frame.get("timestamp").asString());
            assertThat(frame.get("data").get("message").asString()).isEqualTo("This is a test notification");
        }
        // Pushes are queued before the response is written, so the stranger's own test frame comes after
        // anything the caller's request could have sent it.
        http.get().uri("/v1/notifications/test").header(InternalIdentity.HEADER, identity.sign(other)).exchange()
                .expectStatus().isOk();
        stranger.next(WAIT);
        assertThat(stranger.frames.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).isNull();

        produce(statusChanged(caller, UUID.randomUUID(), DeploymentStatus.RUNNING, "http://x.localhost", null));
        first.next(WAIT);
        second.next(WAIT);

        JsonNode stats = stats(caller);
        assertThat(names(stats)).containsExactlyInAnyOrder("connections", "events_sent", "webhook_deliveries",
                "webhook_deliveries_succeeded", "webhook_deliveries_pending", "webhook_deliveries_failed",
                "webhook_failed_attempts");
        assertThat(stats.get("connections").asInt()).isEqualTo(2);
        assertThat(stats.get("events_sent").asLong()).isEqualTo(2);
        assertThat(stats(other).get("events_sent").asLong()).isEqualTo(1);

        second.close();
        awaitConnections(caller, 1);
        assertThat(stats(caller).get("connections").asInt()).isEqualTo(1);
    }

    @Test
    void aTestNotificationWithoutSocketsReachesNobody() {
        http.get().uri("/v1/notifications/test").header(InternalIdentity.HEADER, identity.sign(UUID.randomUUID()))
                .exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"message\":\"Test notification sent\",\"delivered_to\":0}");
    }

    @Test
    void errorsUseTheApiErrorShape() {
        String caller = identity.sign(UUID.randomUUID());
        http.get().uri("/v1/notifications/stats").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().json("{\"error\":{\"message\":\"Authentication required\"}}");
        http.get().uri("/v1/nothing-here").header(InternalIdentity.HEADER, caller).exchange()
                .expectStatus().isNotFound()
                .expectBody().json("{\"error\":{\"message\":\"Not found\"}}",
                        JsonCompareMode.STRICT);
        http.post().uri("/v1/notifications/test").header(InternalIdentity.HEADER, caller).exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectBody().json("{\"error\":{\"message\":\"Method not allowed\"}}",
                        JsonCompareMode.STRICT);
        http.get().uri("/v1/ws/notifications").header(InternalIdentity.HEADER, caller).exchange()
                .expectStatus().isBadRequest()
                .expectBody().json("{\"error\":{\"message\":\"WebSocket upgrade required\"}}",
                        JsonCompareMode.STRICT);
    }

    /** Not a pass/fail check: logs event-to-frame latency for the lead's benchmark. */
    @Test
    void measuresEventToFrameLatency() throws Exception {
        UUID owner = UUID.randomUUID();
        TestSocket socket = connect(owner);
        awaitConnections(owner, 1);
        int warmup = 20;
        int samples = 200;
        List<Long> micros = new ArrayList<>();
        List<Long> ackMicros = new ArrayList<>();
        for (int i = 0; i < warmup + samples; i++) {
            EventEnvelope event = statusChanged(owner, UUID.randomUUID(), DeploymentStatus.RUNNING, null, null);
            long[] acked = new long[1];
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, event.aggregateId().toString(),
                    EventJson.write(event)), (metadata, error) -> acked[0] = System.nanoTime());
            TestSocket.Frame frame = socket.next(WAIT);
            assertThat(frame.text()).contains(event.aggregateId().toString());
            if (i >= warmup) {
                micros.add((frame.receivedNanos() - sent) / 1_000);
                ackMicros.add((acked[0] - sent) / 1_000);
            }
        }
        log.info("event->frame latency over {} events: {}; (producer send->ack: {})", samples,
                percentiles(micros), percentiles(ackMicros));
        assertThat(micros).hasSize(samples);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String percentiles(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int n = sorted.size();
        return String.format("p50=%.2f ms, p99=%.2f ms, max=%.2f ms", sorted.get(n / 2) / 1000.0,
                sorted.get((int) Math.ceil(n * 0.99) - 1) / 1000.0, sorted.get(n - 1) / 1000.0);
    }

    private void awaitConnections(UUID user, int count) {
        await().atMost(WAIT).until(() -> registry.connections(user) == count);
    }

    /**
     * The consumer starts at "latest" once it has its partition; records sent before its position is known
     * would be skipped. Probe until one arrives, so the tests' events are never lost to that start-up race.
     */
    private void awaitConsumerAtLatestOffset() {
        ContainerTestUtils.waitForAssignment(listeners.getListenerContainer(DeploymentEventsListener.LISTENER_ID), 1);
        UUID probeUser = UUID.randomUUID();
        try (TestSocket probe = TestSocket.open(wsUri("/v1/ws/notifications"),
                identityHeader(identity.sign(probeUser)))) {
            awaitConnections(probeUser, 1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                produce(statusChanged(probeUser, UUID.randomUUID(), DeploymentStatus.PENDING, null, null));
                return !probe.frames.isEmpty();
            });
        }
        await().atMost(WAIT).until(() -> registry.totalConnections() == 0);
    }

    private TestSocket connect(UUID user) {
        TestSocket socket = track(TestSocket.open(wsUri("/v1/ws/notifications"),
                identityHeader(identity.sign(user))));
        await().atMost(WAIT).until(socket.connected::isDone);
        return socket;
    }

    private TestSocket track(TestSocket socket) {
        sockets.add(socket);
        return socket;
    }

    private static void assertRefusedWith401(TestSocket socket) {
        assertThatThrownBy(() -> socket.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                // reactor-netty reports the refused handshake's status in the message only
                .isInstanceOf(WebSocketClientHandshakeException.class)
                .hasMessageContaining("401");
        assertThat(socket.connected).isNotDone();
    }

    private JsonNode stats(UUID user) {
        byte[] body = http.get().uri("/v1/notifications/stats").header(InternalIdentity.HEADER, identity.sign(user))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private static HttpHeaders identityHeader(String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(InternalIdentity.HEADER, value);
        return headers;
    }

    private URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    private static EventEnvelope statusChanged(UUID user, UUID deployment, DeploymentStatus status, String url,
            String error) {
        return EventEnvelope.of(EventTypes.DEPLOYMENT_STATUS_CHANGED, deployment, user,
                new DeploymentStatusChanged(deployment, user, "app", "app.localhost", status,
                        status == DeploymentStatus.PENDING ? null : DeploymentStatus.PENDING, url, List.of(), error, 1));
    }

    private static void produce(EventEnvelope event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, event.aggregateId().toString(),
                EventJson.write(event))).get(10, TimeUnit.SECONDS);
    }

    private static String statusOf(TestSocket.Frame frame) {
        return JSON.readTree(frame.text()).get("data").get("status").asString();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

}
