package io.containerengine.notifications.webhooks;

import static io.containerengine.notifications.ItSupport.produceDeployment;
import static io.containerengine.notifications.ItSupport.produceIdentity;
import static io.containerengine.notifications.ItSupport.statusChanged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.Topics;
import io.containerengine.notifications.ItSupport;
import io.containerengine.notifications.MailParts;
import io.containerengine.notifications.StandardWebhooksVerifier;
import io.containerengine.notifications.TestReceiver;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Per-user webhooks end to end: API, Kafka events in, signed HTTP deliveries out, retries, disabling, e-mail. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ce.identity.secret=" + ItSupport.IDENTITY_SECRET,
        "ce.webhooks.allowed-hosts=127.0.0.1",
        "ce.webhooks.retry-delays=150ms,150ms,150ms,150ms,150ms",
        "ce.webhooks.jitter=0",
        "ce.webhooks.disable-after-failures=4",
        "ce.webhooks.attempt-timeout=2s",
        "ce.webhooks.poll-interval=1s",
        "ce.email.retry-delays=200ms,200ms",
        "ce.email.jitter=0",
        "ce.email.poll-interval=1s"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS}, partitions = 1)
@DirtiesContext
class WebhooksIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GLOBAL_SECRET =
            "whsec_" + Base64.getEncoder().encodeToString("global-webhook-secret-for-tests!".getBytes());

    static final TestReceiver receiver = new TestReceiver();
    static final GreenMail mail = new GreenMail(new ServerSetup(ItSupport.freePort(), "127.0.0.1", "smtp"));
    private static KafkaProducer<String, String> producer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ce.webhooks.global-url", () -> receiver.url("/global"));
        registry.add("ce.webhooks.global-secret", () -> GLOBAL_SECRET);
        registry.add("ce.email.smtp.host", () -> "127.0.0.1");
        registry.add("ce.email.smtp.port", () -> mail.getSmtp().getServerSetup().getPort());
        registry.add("ce.email.smtp.starttls", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;

    private final InternalIdentity identity = new InternalIdentity(ItSupport.IDENTITY_SECRET);
    private WebTestClient http;

    @BeforeAll
    static void startMail() {
        ItSupport.cleanDatabase();
        mail.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        mail.stop();
        receiver.close();
    }

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build();
        if (producer == null) {
            producer = ItSupport.producer(broker.getBrokersAsString());
        }
    }

    @Test
    void createListGetAndDeleteAreScopedToTheOwner() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        JsonNode created = create(owner, receiver.url("/crud"), List.of("deployment_failed"));
        String id = created.get("id").asString();
        assertThat(created.get("secret").asString()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(created.get("secret").asString().substring(6))).hasSize(32);
        assertThat(created.get("url").asString()).isEqualTo(receiver.url("/crud"));
        assertThat(created.get("enabled").asBoolean()).isTrue();
        assertThat(texts(created.get("events"))).containsExactly("deployment_failed");

        JsonNode fetched = get(owner, "/v1/webhooks/" + id, HttpStatus.OK);
        assertThat(fetched.has("secret")).as("the secret is shown once").isFalse();
        JsonNode list = get(owner, "/v1/webhooks", HttpStatus.OK).get("webhooks");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo(id);
        assertThat(list.get(0).has("secret")).isFalse();
        assertThat(get(stranger, "/v1/webhooks", HttpStatus.OK).get("webhooks")).isEmpty();
        assertThat(get(owner, "/v1/webhooks/" + id + "/deliveries", HttpStatus.OK).get("deliveries")).isEmpty();

        // Another user's id is simply "not found", whatever the operation.
        assertThat(get(stranger, "/v1/webhooks/" + id, HttpStatus.NOT_FOUND).toString())
                .isEqualTo("{\"error\":{\"message\":\"Webhook not found\"}}");
        get(stranger, "/v1/webhooks/" + id + "/deliveries", HttpStatus.NOT_FOUND);
        http.delete().uri("/v1/webhooks/" + id).header(InternalIdentity.HEADER, identity.sign(stranger)).exchange()
                .expectStatus().isNotFound();
        get(owner, "/v1/webhooks/not-a-uuid", HttpStatus.NOT_FOUND);

        http.delete().uri("/v1/webhooks/" + id).header(InternalIdentity.HEADER, identity.sign(owner)).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"message\":\"Webhook deleted successfully\"}");
        get(owner, "/v1/webhooks/" + id, HttpStatus.NOT_FOUND);
        http.get().uri("/v1/webhooks").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void invalidInputIsRefusedWith400NamingTheField() {
        UUID user = UUID.randomUUID();
        assertThat(createFails(user, "{\"events\":[\"deployment_failed\"]}").get("message").asString())
                .isEqualTo("Invalid url");
        assertThat(createFails(user, "{\"url\":\"ftp://127.0.0.1/x\"}").get("details").asString())
                .contains("http or https");
        assertThat(createFails(user, "{\"url\":\"http://user:pw@127.0.0.1/x\"}").get("details").asString())
                .contains("credentials");
        assertThat(createFails(user, "{\"url\":\"not a url\"}").get("message").asString()).isEqualTo("Invalid url");
        JsonNode events = createFails(user, "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[\"everything\"]}");
        assertThat(events.get("message").asString()).isEqualTo("Invalid events");
        assertThat(createFails(user, "{\"url\":\"" + receiver.url("/x") + "\",\"events\":[]}").get("message")
                .asString()).isEqualTo("Invalid events");
        assertThat(createFails(user, "{not json").get("message").asString()).isEqualTo("Invalid JSON body");
        // "event" for "events" would subscribe to everything: refused, naming the field and the fields there are
        JsonNode misspelt = createFails(user, "{\"url\":\"" + receiver.url("/x") + "\",\"event\":[\"deployment_failed\"]}");
        assertThat(misspelt.get("details").asString()).isEqualTo("event is not a field of this request (known: url, events)");
        assertThat(createFails(user, "{\"url\":\"" + receiver.url("/x") + "\",\"events\":\"deployment_failed\"}")
                .get("details").asString()).isEqualTo("events: invalid value");
        assertThat(get(user, "/v1/webhooks", HttpStatus.OK).get("webhooks")).isEmpty();
    }

    @Test
    void nonPublicAddressesAreRefusedUnlessAllowListed() {
        UUID user = UUID.randomUUID();
        // 127.0.0.1 is allow-listed in this context; every other loopback, private or metadata address is not.
        for (String url : List.of("http://127.0.0.2:8080/hook", "http://[::1]/hook", "http://169.254.169.254/latest",
                "http://[fd00:ec2::254]/", "http://10.1.2.3/", "http://192.168.1.10/", "http://172.16.5.4/",
                "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[fe80::1]/",
                "http://[::ffff:127.0.0.2]/")) {
            JsonNode error = createFails(user, "{\"url\":\"" + url + "\"}");
            assertThat(error.get("message").asString()).as(url).isEqualTo("Invalid url");
            assertThat(error.get("details").asString()).as(url).contains("non-public address");
        }
        assertThat(get(user, "/v1/webhooks", HttpStatus.OK).get("webhooks")).isEmpty();
    }

    @Test
    void deliversSignedEventsOnlyToTheOwnersSubscribedEndpoints() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        JsonNode all = create(owner, receiver.url("/owner-all"), null);
        JsonNode failedOnly = create(owner, receiver.url("/owner-failed"), List.of("deployment_failed"));
        JsonNode othersHook = create(other, receiver.url("/other"), null);

        UUID deployment = UUID.randomUUID();
        EventEnvelope running = statusChanged(owner, deployment, DeploymentStatus.RUNNING, "http://a.localhost", null);
        produceDeployment(producer, running);
        await().atMost(WAIT).until(() -> receiver.requests("/owner-all").size() == 1);

        TestReceiver.Request request = receiver.requests("/owner-all").get(0);
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(all.get("secret").asString());
        assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), request.body(), Instant.now().getEpochSecond())).isTrue();
        // The same request signed with another endpoint's secret, or altered, does not verify.
        assertThat(new StandardWebhooksVerifier(othersHook.get("secret").asString()).verify(request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"), request.body(),
                Instant.now().getEpochSecond())).isFalse();
        assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), request.body().replace("completed", "failed"),
                Instant.now().getEpochSecond())).isFalse();
        // A replay an hour later is refused by the receiver's timestamp check.
        assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), request.body(), Instant.now().getEpochSecond() + 3600)).isFalse();
        assertThat(request.header("content-type")).startsWith("application/json");

        JsonNode body = JSON.readTree(request.body());
        assertThat(names(body)).containsExactly("deployment_id", "status", "type", "timestamp", "app_name", "user_id",
                "url");
        assertThat(body.get("deployment_id").asString()).isEqualTo(deployment.toString());
        assertThat(body.get("status").asString()).isEqualTo("completed");
        assertThat(body.get("type").asString()).isEqualTo("deployment_completed");
        assertThat(Instant.parse(body.get("timestamp").asString())).isEqualTo(running.occurredAt());
        assertThat(body.get("user_id").asString()).isEqualTo(owner.toString());
        assertThat(body.get("url").asString()).isEqualTo("http://a.localhost");

        await().atMost(WAIT).until(() -> deliveries(owner, all).get(0).get("status").asString().equals("succeeded"));
        JsonNode log = deliveries(owner, all);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("id").asString()).isEqualTo(request.header("webhook-id"));
        assertThat(log.get(0).get("event_id").asString()).isEqualTo(running.eventId().toString());
        assertThat(log.get(0).get("event_type").asString()).isEqualTo("deployment_completed");
        assertThat(log.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get(0).get("last_response_code").asInt()).isEqualTo(200);
        assertThat(log.get(0).get("next_attempt_at").isNull()).isTrue();

        // Same partition: once the failure reached both owner endpoints, the earlier event was fully handled.
        produceDeployment(producer, statusChanged(owner, deployment, DeploymentStatus.FAILED, null, "port 80 closed"));
        await().atMost(WAIT).until(() -> receiver.requests("/owner-failed").size() == 1
                && receiver.requests("/owner-all").size() == 2);
        JsonNode failure = JSON.readTree(receiver.requests("/owner-failed").get(0).body());
        assertThat(failure.get("type").asString()).isEqualTo("deployment_failed");
        assertThat(failure.get("status").asString()).isEqualTo("failed");
        assertThat(failure.get("error_message").asString()).isEqualTo("port 80 closed");
        assertThat(new StandardWebhooksVerifier(failedOnly.get("secret").asString()).verify(
                receiver.requests("/owner-failed").get(0).header("webhook-id"),
                receiver.requests("/owner-failed").get(0).header("webhook-timestamp"),
                receiver.requests("/owner-failed").get(0).header("webhook-signature"),
                receiver.requests("/owner-failed").get(0).body(), Instant.now().getEpochSecond())).isTrue();

        assertThat(receiver.requests("/other")).isEmpty();
        assertThat(deliveries(other, othersHook)).isEmpty();
        assertThat(deliveries(owner, failedOnly)).hasSize(1);
    }

    @Test
    void theGlobalWebhookUrlGetsTheSpecPayloadSignedWithWebhookSecret() {
        UUID owner = UUID.randomUUID();
        UUID deployment = UUID.randomUUID();
        EventEnvelope deploying = statusChanged(owner, deployment, DeploymentStatus.DEPLOYING, null, null);
        produceDeployment(producer, deploying);

        await().atMost(WAIT).until(() -> globalRequestsFor(deployment).size() == 1);
        TestReceiver.Request request = globalRequestsFor(deployment).get(0);
        JsonNode body = JSON.readTree(request.body());
        assertThat(names(body)).containsExactly("deployment_id", "status", "type", "timestamp", "app_name", "user_id",
                "url");
        assertThat(body.get("status").asString()).isEqualTo("started");
        assertThat(body.get("type").asString()).isEqualTo("deployment_started");
        assertThat(body.get("app_name").asString()).isEqualTo("app-" + deployment.toString().substring(0, 8));
        assertThat(body.get("url").isNull()).isTrue();
        assertThat(new StandardWebhooksVerifier(GLOBAL_SECRET).verify(request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"), request.body(),
                Instant.now().getEpochSecond())).isTrue();
    }

    @Test
    void aReceiverFailingTwiceThenSucceedingGetsOneDeliveryWithThreeAttempts() {
        UUID owner = UUID.randomUUID();
        JsonNode hook = create(owner, receiver.url("/flaky"), null);
        receiver.respond("/flaky", 500, 503);

        EventEnvelope event = statusChanged(owner, UUID.randomUUID(), DeploymentStatus.RUNNING, "http://f.localhost",
                null);
        produceDeployment(producer, event);

        await().atMost(WAIT).until(() -> {
            JsonNode log = deliveries(owner, hook);
            return log.size() == 1 && log.get(0).get("status").asString().equals("succeeded");
        });
        JsonNode delivery = deliveries(owner, hook).get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.get("last_response_code").asInt()).isEqualTo(200);
        assertThat(delivery.get("delivered_at").isNull()).isFalse();

        List<TestReceiver.Request> requests = receiver.requests("/flaky");
        assertThat(requests).hasSize(3);
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(hook.get("secret").asString());
        for (TestReceiver.Request request : requests) {
            // Retries carry the same id and body (receivers deduplicate on webhook-id), each freshly signed.
            assertThat(request.header("webhook-id")).isEqualTo(delivery.get("id").asString());
            assertThat(request.body()).isEqualTo(requests.get(0).body());
            assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                    request.header("webhook-signature"), request.body(), Instant.now().getEpochSecond())).isTrue();
        }

        JsonNode stats = get(owner, "/v1/notifications/stats", HttpStatus.OK);
        assertThat(stats.get("webhook_deliveries").asLong()).isEqualTo(1);
        assertThat(stats.get("webhook_deliveries_succeeded").asLong()).isEqualTo(1);
        assertThat(stats.get("webhook_failed_attempts").asLong()).isEqualTo(2);
    }

    @Test
    void aRedeliveredEventIsDeliveredOnce() {
        UUID owner = UUID.randomUUID();
        JsonNode hook = create(owner, receiver.url("/once"), null);
        EventEnvelope event = statusChanged(owner, UUID.randomUUID(), DeploymentStatus.RUNNING, null, null);
        produceDeployment(producer, event);
        produceDeployment(producer, event);
        EventEnvelope later = statusChanged(owner, UUID.randomUUID(), DeploymentStatus.FAILED, null, "boom");
        produceDeployment(producer, later);

        await().atMost(WAIT).until(() -> receiver.requests("/once").size() >= 2
                && deliveries(owner, hook).size() == 2);
        assertThat(receiver.requests("/once")).hasSize(2);
        assertThat(receiver.requests("/once")).extracting(r -> JSON.readTree(r.body()).get("type").asString())
                .containsExactlyInAnyOrder("deployment_completed", "deployment_failed");
    }

    @Test
    void anEndpointFailingRepeatedlyIsDisabledAndItsOwnerEmailed() throws Exception {
        UUID owner = UUID.randomUUID();
        String email = "owner-" + owner + "@example.test";
        produceIdentity(producer, ItSupport.registered(owner, "dora", email));
        JsonNode hook = create(owner, receiver.url("/broken"), null);
        receiver.always("/broken", 500);
        await().atMost(WAIT).until(() -> ItSupport.queryValue(
                "SELECT count(*) FROM notifications.user_emails WHERE user_id = ?", Long.class, owner) == 1);

        produceDeployment(producer, statusChanged(owner, UUID.randomUUID(), DeploymentStatus.RUNNING, null, null));

        await().atMost(WAIT).until(() -> !get(owner, "/v1/webhooks/" + hook.get("id").asString(), HttpStatus.OK)
                .get("enabled").asBoolean());
        JsonNode disabled = get(owner, "/v1/webhooks/" + hook.get("id").asString(), HttpStatus.OK);
        assertThat(disabled.get("consecutive_failures").asInt()).isEqualTo(4);
        assertThat(disabled.get("disabled_at").isNull()).isFalse();
        assertThat(receiver.requests("/broken")).hasSize(4);
        JsonNode delivery = deliveries(owner, hook).get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("failed");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.get("last_response_code").asInt()).isEqualTo(500);

        MimeMessage message = awaitMail(email);
        assertThat(message.getSubject()).isEqualTo("Webhook disabled: " + receiver.url("/broken"));
        Map<String, String> parts = MailParts.of(message);
        assertThat(parts.get("text/plain")).contains("disabled after 4 consecutive failed deliveries");
        assertThat(parts.get("text/html")).contains("disabled after 4 consecutive failed deliveries");

        // A disabled endpoint gets no new deliveries.
        produceDeployment(producer, statusChanged(owner, UUID.randomUUID(), DeploymentStatus.FAILED, null, "x"));
        await().atMost(WAIT).until(() -> mail.getReceivedMessagesForDomain(email).length == 2); // the failure e-mail
        assertThat(deliveries(owner, hook)).hasSize(1);
        assertThat(receiver.requests("/broken")).hasSize(4);
    }

    @Test
    void theTestNotificationReachesTheCallersWebhooksAndStatsAreTheCallersOwn() {
        UUID caller = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        JsonNode hook = create(caller, receiver.url("/test-caller"), List.of("deployment_failed"));
        create(other, receiver.url("/test-other"), null);

        JsonNode sent = get(caller, "/v1/notifications/test", HttpStatus.OK);
        assertThat(sent.get("message").asString()).isEqualTo("Test notification sent");
        assertThat(sent.get("delivered_to").asInt()).isZero();
        assertThat(sent.get("webhooks").asInt()).isEqualTo(1);

        await().atMost(WAIT).until(() -> receiver.requests("/test-caller").size() == 1);
        TestReceiver.Request request = receiver.requests("/test-caller").get(0);
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("type").asString()).isEqualTo("test_notification");
        assertThat(body.get("user_id").asString()).isEqualTo(caller.toString());
        assertThat(body.get("data").get("message").asString()).isEqualTo("This is a test notification");
        assertThat(new StandardWebhooksVerifier(hook.get("secret").asString()).verify(request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"), request.body(),
                Instant.now().getEpochSecond())).isTrue();
        assertThat(receiver.requests("/test-other")).isEmpty();

        await().atMost(WAIT).until(() -> get(caller, "/v1/notifications/stats", HttpStatus.OK)
                .get("webhook_deliveries_succeeded").asLong() == 1);
        JsonNode stats = get(caller, "/v1/notifications/stats", HttpStatus.OK);
        assertThat(names(stats)).containsExactlyInAnyOrder("connections", "events_sent", "webhook_deliveries",
                "webhook_deliveries_succeeded", "webhook_deliveries_pending", "webhook_deliveries_failed",
                "webhook_failed_attempts");
        assertThat(stats.get("webhook_deliveries").asLong()).isEqualTo(1);
        JsonNode othersStats = get(other, "/v1/notifications/stats", HttpStatus.OK);
        assertThat(othersStats.get("webhook_deliveries").asLong()).isZero();
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopic() throws Exception {
        String marker = "not json " + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, "key", marker)).get();

        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.deadLetterOf(Topics.DEPLOYMENT_EVENTS)));
            List<String> values = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return values.contains(marker);
            });
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<TestReceiver.Request> globalRequestsFor(UUID deployment) {
        return receiver.requests("/global").stream()
                .filter(r -> r.body().contains(deployment.toString())).toList();
    }

    private MimeMessage awaitMail(String to) {
        await().atMost(WAIT).until(() -> mail.getReceivedMessagesForDomain(to).length >= 1);
        return mail.getReceivedMessagesForDomain(to)[0];
    }

    private JsonNode create(UUID user, String url, List<String> events) {
        Map<String, Object> body = events == null ? Map.of("url", url) : Map.of("url", url, "events", events);
        byte[] response = http.post().uri("/v1/webhooks").header(InternalIdentity.HEADER, identity.sign(user))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(body))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return JSON.readTree(response);
    }

    private JsonNode createFails(UUID user, String json) {
        byte[] response = http.post().uri("/v1/webhooks").header(InternalIdentity.HEADER, identity.sign(user))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isBadRequest().expectBody().returnResult().getResponseBody();
        return JSON.readTree(response).get("error");
    }

    private JsonNode get(UUID user, String path, HttpStatus status) {
        byte[] response = http.get().uri(path).header(InternalIdentity.HEADER, identity.sign(user))
                .exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return JSON.readTree(response);
    }

    private JsonNode deliveries(UUID user, JsonNode hook) {
        return get(user, "/v1/webhooks/" + hook.get("id").asString() + "/deliveries", HttpStatus.OK)
                .get("deliveries");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asString()));
        return out;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
