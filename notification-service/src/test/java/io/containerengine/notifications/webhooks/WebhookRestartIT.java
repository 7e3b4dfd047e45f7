package io.containerengine.notifications.webhooks;

import static io.containerengine.notifications.ItSupport.produceDeployment;
import static io.containerengine.notifications.ItSupport.statusChanged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.Topics;
import io.containerengine.notifications.ItSupport;
import io.containerengine.notifications.NotificationServiceApplication;
import io.containerengine.notifications.TestReceiver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as separate application contexts over one database and broker: a restart between attempts, two
 * instances sharing the work, and a context without the allow-list.
 */
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS}, partitions = 1)
class WebhookRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TestReceiver receiver = new TestReceiver();
    private static KafkaProducer<String, String> producer;

    private final InternalIdentity identity = new InternalIdentity(ItSupport.IDENTITY_SECRET);
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @BeforeAll
    static void setUp(EmbeddedKafkaBroker broker) {
        ItSupport.cleanDatabase();
        producer = ItSupport.producer(broker.getBrokersAsString());
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    @AfterAll
    static void tearDown() {
        producer.close();
        receiver.close();
    }

    @Test
    void aPendingRetrySurvivesARestartAndTwoInstancesDeliverEachEventOnce(EmbeddedKafkaBroker broker) {
        UUID owner = UUID.randomUUID();
        receiver.respond("/restart", 500);
        ConfigurableApplicationContext first = start(broker, "127.0.0.1");
        JsonNode hook = create(first, owner, receiver.url("/restart"));

        produceDeployment(producer, statusChanged(owner, UUID.randomUUID(), DeploymentStatus.RUNNING, null, null));
        await().atMost(WAIT).until(() -> "HTTP 500".equals(ItSupport.queryValue(
                "SELECT last_error FROM notifications.webhook_deliveries WHERE endpoint_id = ?", String.class,
                UUID.fromString(hook.get("id").asString()))));
        // The retry is due 3 s after the failure: stop the service before that.
        first.close();
        assertThat(receiver.requests("/restart")).hasSize(1);

        ConfigurableApplicationContext second = start(broker, "127.0.0.1");
        await().atMost(WAIT).until(() -> {
            JsonNode log = deliveries(second, owner, hook);
            return log.size() == 1 && log.get(0).get("status").asString().equals("succeeded");
        });
        JsonNode delivery = deliveries(second, owner, hook).get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
        List<TestReceiver.Request> requests = receiver.requests("/restart");
        assertThat(requests).hasSize(2);
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(delivery.get("id").asString());

        // A second instance joins: the shared group and SKIP LOCKED claims still deliver each event exactly once.
        ConfigurableApplicationContext third = start(broker, "127.0.0.1");
        JsonNode both = create(third, owner, receiver.url("/two-instances"));
        int events = 20;
        for (int i = 0; i < events; i++) {
            produceDeployment(producer, statusChanged(owner, UUID.randomUUID(), DeploymentStatus.RUNNING, null, null));
        }
        await().atMost(WAIT).until(() -> receiver.requests("/two-instances").size() >= events
                && ItSupport.queryValue("SELECT count(*) FROM notifications.webhook_deliveries "
                        + "WHERE endpoint_id = ? AND status = 'succeeded'", Long.class,
                        UUID.fromString(both.get("id").asString())) == events);
        Set<String> ids = new HashSet<>();
        receiver.requests("/two-instances").forEach(r -> ids.add(r.header("webhook-id")));
        assertThat(receiver.requests("/two-instances")).hasSize(events);
        assertThat(ids).hasSize(events);
    }

    @Test
    void withoutTheAllowListLoopbackIsRefusedAtCreationAndAtDelivery(EmbeddedKafkaBroker broker) {
        ConfigurableApplicationContext context = start(broker, "");
        UUID owner = UUID.randomUUID();
        byte[] refused = client(context).post().uri("/v1/webhooks").header(InternalIdentity.HEADER, identity.sign(owner))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"url\":\"" + receiver.url("/loopback") + "\"}")
                .exchange().expectStatus().isBadRequest().expectBody().returnResult().getResponseBody();
        JsonNode error = JSON.readTree(refused).get("error");
        assertThat(error.get("message").asString()).isEqualTo("Invalid url");
        assertThat(error.get("details").asString()).contains("non-public address");

        // An endpoint stored while loopback was allowed (or whose name now resolves there) is refused when sent to.
        UUID endpoint = UUID.randomUUID();
        insertEndpoint(endpoint, owner, receiver.url("/loopback"));
        JsonNode sent = get(context, owner, "/v1/notifications/test");
        assertThat(sent.get("webhooks").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> ItSupport.queryValue(
                "SELECT last_error FROM notifications.webhook_deliveries WHERE endpoint_id = ?", String.class,
                endpoint) != null);
        assertThat(ItSupport.queryValue("SELECT last_error FROM notifications.webhook_deliveries WHERE endpoint_id = ?",
                String.class, endpoint)).startsWith("refused: ").contains("non-public address");
        assertThat(receiver.requests("/loopback")).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, String allowedHosts) {
        // As command-line arguments: they win over application.yml (default properties would not).
        ConfigurableApplicationContext context = new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run("--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--ce.identity.secret=" + ItSupport.IDENTITY_SECRET,
                        "--ce.webhooks.allowed-hosts=" + allowedHosts,
                        "--ce.webhooks.retry-delays=3s",
                        "--ce.webhooks.jitter=0",
                        "--ce.webhooks.poll-interval=500ms");
        contexts.add(context);
        return context;
    }

    private static void insertEndpoint(UUID id, UUID owner, String url) {
        String ciphertext = ItSupport.secretBox().encrypt(
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        ItSupport.queryValue("INSERT INTO notifications.webhook_endpoints "
                + "(id, user_id, url, events, secret_ciphertext, created_at) "
                + "VALUES (?, ?, ?, '{deployment_started,deployment_completed,deployment_failed}', ?, now()) "
                + "RETURNING id", UUID.class, id, owner, url, ciphertext);
    }

    private WebTestClient client(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build();
    }

    private JsonNode create(ConfigurableApplicationContext context, UUID user, String url) {
        byte[] body = client(context).post().uri("/v1/webhooks").header(InternalIdentity.HEADER, identity.sign(user))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"url\":\"" + url + "\"}")
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private JsonNode get(ConfigurableApplicationContext context, UUID user, String path) {
        byte[] body = client(context).get().uri(path).header(InternalIdentity.HEADER, identity.sign(user))
                .exchange().expectStatus().isEqualTo(HttpStatus.OK).expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private JsonNode deliveries(ConfigurableApplicationContext context, UUID user, JsonNode hook) {
        return get(context, user, "/v1/webhooks/" + hook.get("id").asString() + "/deliveries").get("deliveries");
    }
}
