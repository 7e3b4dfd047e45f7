package io.containerengine.auth;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import tools.jackson.databind.JsonNode;

/**
 * Runs the whole service on a random port against the real PostgreSQL {@code test} database, the real Redis and
 * an embedded Kafka broker (one for all test classes sharing this configuration).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ce.identity.secret=" + AbstractAuthIT.IDENTITY_SECRET,
        "ce.auth.jwt-secret=" + AbstractAuthIT.JWT_SECRET,
        "ce.secrets.key=" + AbstractAuthIT.SECRETS_KEY })
@EmbeddedKafka
public abstract class AbstractAuthIT {

    public static final String IDENTITY_SECRET = "it-internal-identity-secret-0123456789abcdef";
    public static final String JWT_SECRET = "it-jwt-secret-0123456789abcdefghijklmnopqrstuv";
    /** base64 of 32 bytes. */
    public static final String SECRETS_KEY = "aXQtc2VjcmV0cy1rZXktMDEyMzQ1Njc4OWFiY2RlZiE=";
    /** A password the policy accepts. */
    public static final String PASSWORD = "correct-horse-battery";
    /** Every user a test creates has this username prefix, so the rows can be removed afterwards. */
    protected static final String PREFIX = "it-";

    @LocalServerPort
    protected int port;
    @Autowired
    EmbeddedKafkaBroker broker;

    protected TestHttp http;
    private IdentityEventsReader events;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @AfterEach
    void closeEvents() {
        if (events != null) {
            events.close();
            events = null;
        }
    }

    @AfterAll
    static void cleanUp(@Autowired JdbcClient jdbc) {
        jdbc.sql("delete from users where username like 'it-%'").update();
    }

    /** A reader of ce.identity-events for this test, from the beginning of the topic. */
    protected IdentityEventsReader events() {
        if (events == null) {
            events = new IdentityEventsReader(broker.getBrokersAsString());
        }
        return events;
    }

    protected static String unique() {
        return PREFIX + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String identity(UUID userId) {
        return TestHttp.identity(IDENTITY_SECRET, userId);
    }

    protected static String registerBody(String username, String email, String password) {
        return TestHttp.toJson(Map.of("username", username, "email", email, "password", password,
                "confirm_password", password));
    }

    /** Registers a fresh user (with {@link #PASSWORD}) and returns the 201 body. */
    protected JsonNode register() {
        String username = unique();
        TestHttp.Response response = http.post("/v1/auth/register",
                registerBody(username, username + "@example.com", PASSWORD));
        org.assertj.core.api.Assertions.assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    protected static UUID userId(JsonNode session) {
        return UUID.fromString(session.get("user").get("id").asString());
    }

    protected static String login(String email, String password) {
        return TestHttp.toJson(Map.of("email", email, "password", password));
    }

    protected static String refresh(String token) {
        return TestHttp.toJson(Map.of("refresh_token", token));
    }
}
