package io.containerengine.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The records the services publish match the JSON schemas integrations are given (schemas/ in this module). */
class EventSchemaTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, String> PAYLOAD_SCHEMA = Map.of(
            EventTypes.DEPLOYMENT_CREATED, "deployment.desired_state",
            EventTypes.DEPLOYMENT_DESIRED_STATE_CHANGED, "deployment.desired_state",
            EventTypes.DEPLOYMENT_DELETED, "deployment.deleted",
            EventTypes.DEPLOYMENT_STATUS_CHANGED, "deployment.status_changed",
            EventTypes.DEPLOYMENT_OBSERVED, "deployment.observed",
            EventTypes.USER_REGISTERED, "user.registered",
            EventTypes.USER_PASSWORD_RESET_REQUESTED, "user.password_reset_requested",
            EventTypes.USER_SESSIONS_REVOKED, "user.sessions_revoked",
            EventTypes.APIKEY_REVOKED, "apikey.revoked",
            EventTypes.DEPLOYMENT_TRAFFIC_REPORTED, "deployment.traffic_reported");

    private final UUID deployment = UUID.randomUUID();
    private final UUID user = UUID.randomUUID();

    @Test
    void everyEventTypeHasAPayloadSchema() throws IllegalAccessException {
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String type = (String) field.get(null);
                assertThat(PAYLOAD_SCHEMA).as("schema for %s", type).containsKey(type);
                assertThat(resource("payloads/" + PAYLOAD_SCHEMA.get(type) + ".schema.json")).isNotNull();
            }
        }
    }

    @Test
    void desiredStateEnvelopeMatchesItsSchemas() {
        var desired = new DeploymentDesiredState(deployment, user, "hello", 1, "localhost/ce-sample:latest", 80,
                Map.of("GREETING", "hi"), 2, new DeploymentDesiredState.Resources("100m", "128Mi"),
                new DeploymentDesiredState.HealthCheck("/health", 1, 10, 5, 3),
                new DeploymentDesiredState.RegistryAuth("registry.local:5000", "bob", "c2VjcmV0"),
                "hello.localhost", "http://hello.localhost:3000", List.of("www.example.com"),
                Map.of("DB_PASSWORD", "c2VhbGVk"));
        assertValid(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, deployment, user, desired));
        assertThat(EventJson.write(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, deployment, user, desired)))
                .contains("\"custom_domains\":[\"www.example.com\"]", "\"secret_env_vars_ciphertext\"");
    }

    @Test
    void statusObservedAndDeletedEnvelopesMatchTheirSchemas() {
        assertValid(EventEnvelope.of(EventTypes.DEPLOYMENT_STATUS_CHANGED, deployment, user,
                new DeploymentStatusChanged(deployment, user, "hello", "hello.localhost", DeploymentStatus.RUNNING,
                        DeploymentStatus.DEPLOYING, "http://hello.localhost:3000", List.of("127.0.0.1:41000"), null, 1)));
        assertValid(EventEnvelope.of(EventTypes.DEPLOYMENT_OBSERVED, deployment, user,
                new DeploymentObserved(deployment, user, 1, ObservedPhase.FAILED, 1, 0, List.of(), 0,
                        "image pull failed: unauthorized", Instant.now())));
        assertValid(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, deployment, user,
                new DeploymentDeleted(deployment, user, "hello", "hello.localhost", 3)));
    }

    @Test
    void identityAndApiKeyEnvelopesMatchTheirSchemas() {
        assertValid(EventEnvelope.of(EventTypes.USER_REGISTERED, user, user,
                new UserRegistered(user, "alice", "alice@example.com")));
        assertValid(EventEnvelope.of(EventTypes.USER_PASSWORD_RESET_REQUESTED, user, user,
                new PasswordResetRequested(user, "alice@example.com", "alice", "c2VhbGVk", Instant.now())));
        assertValid(EventEnvelope.of(EventTypes.USER_SESSIONS_REVOKED, user, user,
                new SessionsRevoked(user, List.of(UUID.randomUUID()), null, "logout")));
        UUID key = UUID.randomUUID();
        assertValid(EventEnvelope.of(EventTypes.APIKEY_REVOKED, key, user, new ApiKeyRevoked(key, user, Instant.now())));
    }

    @Test
    void trafficReportMatchesItsSchemaWithSnakeCaseStatusFieldsAndRoundTrips() {
        var traffic = new AppTrafficReported(deployment, "gw-1", Instant.parse("2026-01-02T03:04:00Z"),
                Instant.parse("2026-01-02T03:04:10Z"), 7, 4, 1, 1, 1, 1234,
                List.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L),
                List.of(3L, 1L, 0L, 0L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 1L));
        EventEnvelope envelope = EventEnvelope.of(EventTypes.DEPLOYMENT_TRAFFIC_REPORTED, deployment, null, traffic);
        assertValid(envelope);
        String json = EventJson.write(envelope);
        assertThat(json).contains("\"status_2xx\":4", "\"status_5xx\":1", "\"gateway_instance\":\"gw-1\"",
                "\"latency_sum_ms\":1234", "\"window_end\":\"2026-01-02T03:04:10Z\"");
        assertThat(EventJson.read(json).payloadAs(AppTrafficReported.class)).isEqualTo(traffic);

        ObjectNode payload = (ObjectNode) EventJson.mapper().readTree(json).get("payload");
        payload.put("requests", -1);
        assertThat(payloadSchema(EventTypes.DEPLOYMENT_TRAFFIC_REPORTED).validate(payload)).isNotEmpty();
    }

    @Test
    void schemaRejectsAPayloadMissingARequiredField() {
        EventEnvelope envelope = EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, deployment, user,
                new DeploymentDeleted(deployment, user, "hello", "hello.localhost", 3));
        ObjectNode payload = (ObjectNode) EventJson.mapper().readTree(EventJson.write(envelope)).get("payload");
        payload.remove("host");
        assertThat(payloadSchema(EventTypes.DEPLOYMENT_DELETED).validate(payload)).isNotEmpty();
    }

    @Test
    void envelopeIsSnakeCaseWithIsoInstantsAndRoundTrips() {
        var observed = new DeploymentObserved(deployment, user, 4, ObservedPhase.RUNNING, 1, 1,
                List.of("127.0.0.1:41001"), 0, null, Instant.parse("2026-01-02T03:04:05Z"));
        EventEnvelope envelope = EventEnvelope.of(EventTypes.DEPLOYMENT_OBSERVED, deployment, user, observed);
        String json = EventJson.write(envelope);

        assertThat(json).contains("\"event_id\"", "\"occurred_at\"", "\"ready_replicas\":1",
                "\"observed_at\":\"2026-01-02T03:04:05Z\"", "\"phase\":\"running\"");
        EventEnvelope read = EventJson.read(json);
        assertThat(read.eventId()).isEqualTo(envelope.eventId());
        assertThat(read.payloadAs(DeploymentObserved.class)).isEqualTo(observed);
    }

    @Test
    void consumersIgnoreFieldsAddedByALaterVersion() {
        String json = EventJson.write(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, deployment, user,
                new DeploymentDeleted(deployment, user, "hello", "hello.localhost", 3)))
                .replace("\"app_name\"", "\"added_later\":true,\"app_name\"");
        assertThat(EventJson.read(json).payloadAs(DeploymentDeleted.class).appName()).isEqualTo("hello");
    }

    private void assertValid(EventEnvelope envelope) {
        JsonNode json = EventJson.mapper().readTree(EventJson.write(envelope));
        List<Error> envelopeErrors = REGISTRY.getSchema(resource("envelope.schema.json")).validate(json);
        assertThat(envelopeErrors).as("envelope errors").isEmpty();
        List<Error> payloadErrors = payloadSchema(envelope.type()).validate(json.get("payload"));
        assertThat(payloadErrors).as("payload errors of %s: %s", envelope.type(),
                Arrays.toString(payloadErrors.toArray())).isEmpty();
    }

    private static Schema payloadSchema(String type) {
        return REGISTRY.getSchema(resource("payloads/" + PAYLOAD_SCHEMA.get(type) + ".schema.json"));
    }

    private static InputStream resource(String name) {
        return EventSchemaTest.class.getResourceAsStream("/schemas/" + name);
    }
}
