package io.containerengine.notifications;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.PasswordResetRequested;
import io.containerengine.contracts.Topics;
import io.containerengine.contracts.UserRegistered;

/** Shared bits of the integration tests: events, a producer, the test database. */
public final class ItSupport {

    public static final String IDENTITY_SECRET = "notification-service-it-secret-0123456789abcdef";
    /** The same key as src/test/resources/config/application.yml. */
    public static final String SECRETS_KEY = "kmN3BJR13AqncYWMuRJXau6UF+If8+FOZT3yAWfKEPE=";
    public static final String DB_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private ItSupport() {
    }

    public static SecretBox secretBox() {
        return new SecretBox(SECRETS_KEY);
    }

    public static KafkaProducer<String, String> producer(String brokers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props);
    }

    public static void produce(KafkaProducer<String, String> producer, String topic, EventEnvelope event) {
        try {
            producer.send(new ProducerRecord<>(topic, event.aggregateId().toString(), EventJson.write(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static EventEnvelope statusChanged(UUID user, UUID deployment, DeploymentStatus status, String url,
            String error) {
        return EventEnvelope.of(EventTypes.DEPLOYMENT_STATUS_CHANGED, deployment, user,
                new DeploymentStatusChanged(deployment, user, "app-" + deployment.toString().substring(0, 8),
                        "app.localhost", status,
                        status == DeploymentStatus.PENDING ? null : DeploymentStatus.PENDING, url, List.of(), error, 1));
    }

    public static EventEnvelope registered(UUID user, String username, String email) {
        return EventEnvelope.of(EventTypes.USER_REGISTERED, user, user, new UserRegistered(user, username, email));
    }

    public static EventEnvelope resetRequested(UUID user, String email, String username, String link,
            Instant expiresAt) {
        return EventEnvelope.of(EventTypes.USER_PASSWORD_RESET_REQUESTED, user, user,
                new PasswordResetRequested(user, email, username, secretBox().encrypt(link), expiresAt));
    }

    public static void produceDeployment(KafkaProducer<String, String> producer, EventEnvelope event) {
        produce(producer, Topics.DEPLOYMENT_EVENTS, event);
    }

    public static void produceIdentity(KafkaProducer<String, String> producer, EventEnvelope event) {
        produce(producer, Topics.IDENTITY_EVENTS, event);
    }

    /**
     * Empties the service's tables in the test database (this module is the only user of the schema), so work
     * left by an earlier run is not picked up by this run's workers.
     */
    public static void cleanDatabase() {
        try (Connection connection = DriverManager.getConnection(DB_URL, "postgres", "");
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SELECT to_regclass('notifications.webhook_deliveries') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
            statement.execute("TRUNCATE notifications.webhook_deliveries, notifications.webhook_endpoints, "
                    + "notifications.email_outbox, notifications.user_emails, notifications.processed_events");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single value from the test database. */
    public static <T> T queryValue(String sql, Class<T> type, Object... args) {
        try (Connection connection = DriverManager.getConnection(DB_URL, "postgres", "");
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getObject(1, type) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
