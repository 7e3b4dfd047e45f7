package io.containerengine.deployments.observed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.contracts.Topics;
import io.containerengine.deployments.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

class ObservedStateIT extends IntegrationTestSupport {

    @Test
    void runningObservationSetsStatusUrlAndDeployedAtAndAnnouncesIt() throws Exception {
        String app = appName("run");
        UUID id = createdId(user, app);

        publish(observed(id, 1, ObservedPhase.RUNNING, List.of("127.0.0.1:41001"), null));

        JsonNode d = awaitStatus(id, "running");
        assertThat(d.get("url").asString()).isEqualTo("http://" + app + ".localhost:3000");
        assertThat(d.get("deployed_at").isString()).isTrue();
        assertThat(d.get("error_message").isNull()).isTrue();

        DeploymentStatusChanged changed = awaitStatusChanged(id, DeploymentStatus.RUNNING);
        assertThat(changed.previousStatus()).isEqualTo(DeploymentStatus.PENDING);
        assertThat(changed.url()).isEqualTo("http://" + app + ".localhost:3000");
        assertThat(changed.endpoints()).containsExactly("127.0.0.1:41001");
        assertThat(changed.host()).isEqualTo(app + ".localhost");

        Response routes = get("/internal/routes", InternalIdentity.SYSTEM);
        assertThat(routes.status()).isEqualTo(200);
        JsonNode route = null;
        for (JsonNode r : routes.body().get("routes")) {
            if (r.get("deployment_id").asString().equals(id.toString())) {
                route = r;
            }
        }
        assertThat(route).isNotNull();
        assertThat(route.get("host").asString()).isEqualTo(app + ".localhost");
        assertThat(route.get("endpoints").get(0).asString()).isEqualTo("127.0.0.1:41001");
    }

    @Test
    void failedObservationRecordsTheReason() throws Exception {
        UUID id = createdId(user, appName("fail"));

        publish(observed(id, 1, ObservedPhase.FAILED, List.of(), "image pull failed: not found"));

        JsonNode d = awaitStatus(id, "failed");
        assertThat(d.get("error_message").asString()).isEqualTo("image pull failed: not found");
        assertThat(d.get("url").isNull()).isTrue();
        DeploymentStatusChanged changed = awaitStatusChanged(id, DeploymentStatus.FAILED);
        assertThat(changed.errorMessage()).isEqualTo("image pull failed: not found");

        // a later success clears the error
        publish(observed(id, 1, ObservedPhase.RUNNING, List.of("127.0.0.1:41002"), null));
        JsonNode running = awaitStatus(id, "running");
        assertThat(running.get("error_message").isNull()).isTrue();
    }

    @Test
    void appliesARedeliveredEventOnlyOnce() throws Exception {
        UUID id = createdId(user, appName("dupe"));
        EventEnvelope running = observed(id, 1, ObservedPhase.RUNNING, List.of("127.0.0.1:41003"), null);
        publish(running);
        awaitStatus(id, "running");

        // Same event id, different content: must be ignored.
        EventEnvelope sameId = new EventEnvelope(running.eventId(), running.type(), 1, Instant.now(), id, user,
                observed(id, 1, ObservedPhase.FAILED, List.of(), "should be ignored").payload());
        publish(sameId);
        // A later event on the same key (same partition) marks the point where the duplicate was consumed.
        publish(observed(id, 1, ObservedPhase.RUNNING, List.of("127.0.0.1:41004"), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> endpointsOf(id).contains("127.0.0.1:41004"));

        JsonNode d = get("/v1/deployments/" + id, user).body();
        assertThat(d.get("status").asString()).isEqualTo("running");
        assertThat(d.get("error_message").isNull()).isTrue();
        assertThat(statusChanges(id)).noneMatch(c -> c.status() == DeploymentStatus.FAILED);
    }

    @Test
    void ignoresObservationsOfAnOlderGeneration() throws Exception {
        UUID id = createdId(user, appName("gen"));
        jdbc.sql("update deployment set generation = 2 where id = ?").param(id).update();

        publish(observed(id, 1, ObservedPhase.FAILED, List.of(), "old generation"));
        publish(observed(id, 2, ObservedPhase.DEPLOYING, List.of(), null));

        awaitStatus(id, "deploying");
        JsonNode d = get("/v1/deployments/" + id, user).body();
        assertThat(d.get("error_message").isNull()).isTrue();
    }

    @Test
    void sendsUnreadableRecordsToTheDeadLetterTopic() throws Exception {
        UUID key = UUID.randomUUID();
        kafka.send(Topics.RUNTIME_EVENTS, key.toString(), "{not json").get();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(java.util.Map.of(
                "bootstrap.servers", brokers,
                "group.id", "it-dlt-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.deadLetterOf(Topics.RUNTIME_EVENTS)));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.toString().equals(r.key())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    private EventEnvelope observed(UUID id, long generation, ObservedPhase phase, List<String> endpoints,
            String message) {
        var payload = new DeploymentObserved(id, user, generation, phase, 1, endpoints.size(), endpoints, 0, message,
                Instant.now());
        return EventEnvelope.of(EventTypes.DEPLOYMENT_OBSERVED, id, user, payload);
    }

    private void publish(EventEnvelope event) throws Exception {
        kafka.send(Topics.RUNTIME_EVENTS, event.aggregateId().toString(), EventJson.write(event)).get();
    }

    private List<DeploymentStatusChanged> statusChanges(UUID id) {
        return deploymentEvents.envelopes(id).stream()
                .filter(e -> EventTypes.DEPLOYMENT_STATUS_CHANGED.equals(e.type()))
                .map(e -> e.payloadAs(DeploymentStatusChanged.class))
                .toList();
    }

    private DeploymentStatusChanged awaitStatusChanged(UUID id, DeploymentStatus status) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> statusChanges(id).stream().filter(c -> c.status() == status).findFirst().orElse(null),
                        c -> c != null);
    }

    private List<String> endpointsOf(UUID id) {
        return jdbc.sql("select jsonb_array_elements_text(endpoints) from deployment where id = ?")
                .param(id).query(String.class).list();
    }
}
