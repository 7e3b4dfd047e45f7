package io.containerengine.apikeys;

import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;

import io.containerengine.contracts.Topics;

/**
 * Runs the whole service on a random port against the real PostgreSQL {@code test} database and an embedded Kafka
 * broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/test",
        "spring.datasource.username=postgres",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ce.identity.secret=" + AbstractApiKeyIT.IDENTITY_SECRET })
@EmbeddedKafka(topics = Topics.IDENTITY_EVENTS) // auth-service's topic, which this service consumes
public abstract class AbstractApiKeyIT {

    public static final String IDENTITY_SECRET = "it-internal-identity-secret-0123456789abcdef";

    /** Users the tests invented; their rows are removed afterwards. */
    private static final Queue<UUID> USERS = new ConcurrentLinkedQueue<>();

    @LocalServerPort
    protected int port;

    protected TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @AfterAll
    static void cleanUp(@Autowired JdbcClient jdbc) {
        UUID user;
        while ((user = USERS.poll()) != null) {
            jdbc.sql("delete from api_keys where user_id = ?").param(user).update();
            jdbc.sql("delete from deactivated_users where user_id = ?").param(user).update();
        }
    }

    protected static UUID newUser() {
        UUID user = UUID.randomUUID();
        USERS.add(user);
        return user;
    }

    protected static String identity(UUID userId) {
        return TestHttp.identity(IDENTITY_SECRET, userId);
    }
}
