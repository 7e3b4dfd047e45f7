package io.containerengine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.gateway.apps.RouteSnapshotLoader;
import io.containerengine.gateway.support.FakeServer;
import io.containerengine.gateway.support.GatewayItSupport;
import io.containerengine.gateway.support.Tokens;
import tools.jackson.databind.JsonNode;

class AppRoutingIT extends GatewayItSupport {

    private static KafkaProducer<String, String> producer;

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private ConcurrentMessageListenerContainer<String, String> deploymentEventsContainer;

    @Autowired
    private RouteSnapshotLoader routeSnapshot;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void startupSnapshotIsLoadedWithSystemIdentityOnceDeploymentServiceAnswers() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(SNAPSHOT_HOST, "/").getStatus().value()).isEqualTo(200));

        JsonNode seen = json(get(SNAPSHOT_HOST, "/from-snapshot"));
        assertThat(seen.get("server").asString()).isEqualTo("app-a");
        assertThat(seen.get("path").asString()).isEqualTo("/from-snapshot");
        // the snapshot lists the deployment's custom domain as a second route: both hosts answer
        assertThat(json(get(SNAPSHOT_CUSTOM_DOMAIN, "/from-snapshot")).get("server").asString()).isEqualTo("app-a");
        // the fake deployment-service refused its first two (signed) calls; the gateway retried
        assertThat(SNAPSHOT_CALLS.get()).isGreaterThanOrEqualTo(3);
        assertThat(SNAPSHOT_UNSIGNED_CALLS.get()).isZero();
    }

    @Test
    void runningAppReceivesRequestsByHostRoundRobinWithoutAuthentication() {
        UUID deployment = UUID.randomUUID();
        publish(statusChanged(deployment, "shop.localhost", DeploymentStatus.RUNNING,
                List.of(APP_A.endpoint(), APP_B.endpoint())));
        awaitStatus("shop.localhost", 200);

        List<String> servers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servers.add(json(get("shop.localhost", "/any/path?x=1")).get("server").asString());
        }
        assertThat(servers).contains("app-a", "app-b");

        String forged = new InternalIdentity(Tokens.IDENTITY_SECRET).sign(UUID.randomUUID());
        JsonNode seen = json(client().post().uri("/v1/deployments?x=1")
                .header(HttpHeaders.HOST, "Shop.LocalHost:" + port)
                .header(InternalIdentity.HEADER, forged)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("hello")
                .exchange().expectStatus().isOk().expectBody().returnResult());
        assertThat(seen.get("method").asString()).isEqualTo("POST");
        assertThat(seen.get("path").asString()).isEqualTo("/v1/deployments");
        assertThat(seen.get("query").asString()).isEqualTo("x=1");
        assertThat(seen.get("body_length").asInt()).isEqualTo(5);
        assertThat(seen.get("identity_user").asString()).isEqualTo("none");
        JsonNode headers = seen.get("headers");
        assertThat(headers.has("x-ce-identity")).isFalse();
        assertThat(headers.get("host").asString()).isEqualTo("Shop.LocalHost:" + port);
        assertThat(headers.get("x-forwarded-host").asString()).isEqualTo("Shop.LocalHost:" + port);
        assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").asString()).isEqualTo("http");
    }

    @Test
    void appOwnsEveryPathOnItsHostIncludingHealth() {
        UUID deployment = UUID.randomUUID();
        publish(statusChanged(deployment, "paths.localhost", DeploymentStatus.RUNNING, List.of(APP_B.endpoint())));
        awaitStatus("paths.localhost", 200);

        assertThat(json(get("paths.localhost", "/health")).get("server").asString()).isEqualTo("app-b");
        assertThat(json(get("paths.localhost", "/internal/routes")).get("path").asString())
                .isEqualTo("/internal/routes");
    }

    @Test
    void anUpdatingOrRolledBackAppKeepsServingFromTheEndpointsItReports() {
        UUID deployment = UUID.randomUUID();
        publish(statusChanged(deployment, "rollout.localhost", DeploymentStatus.UPDATING, List.of(APP_A.endpoint())));
        awaitStatus("rollout.localhost", 200);

        // a failed update that was rolled back: the old revision's replicas still answer
        publish(statusChanged(deployment, "rollout.localhost", DeploymentStatus.FAILED, List.of(APP_B.endpoint())));
        await().atMost(Duration.ofSeconds(10)).until(() -> "app-b".equals(
                json(get("rollout.localhost", "/whoami")).path("server").asString()));

        publish(statusChanged(deployment, "rollout.localhost", DeploymentStatus.FAILED, List.of()));
        awaitStatus("rollout.localhost", 503);
    }

    @Test
    void stoppedAppIs503AndDeletedAppIs404() {
        UUID deployment = UUID.randomUUID();
        publish(statusChanged(deployment, "cycle.localhost", DeploymentStatus.RUNNING, List.of(APP_A.endpoint())));
        awaitStatus("cycle.localhost", 200);

        publish(statusChanged(deployment, "cycle.localhost", DeploymentStatus.STOPPED, List.of()));
        awaitStatus("cycle.localhost", 503);
        assertThat(errorMessage(get("cycle.localhost", "/"))).isEqualTo("The app at cycle.localhost is not running");

        publish(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, deployment, UUID.randomUUID(),
                new DeploymentDeleted(deployment, UUID.randomUUID(), "cycle", "cycle.localhost", 3)));
        awaitStatus("cycle.localhost", 404);
        assertThat(errorMessage(get("cycle.localhost", "/"))).isEqualTo("No app is deployed at cycle.localhost");
    }

    @Test
    void customDomainRoutesWhileTheStatusEventsListItAndIsTheApiOtherwise() {
        UUID deployment = UUID.randomUUID();
        assertThat(errorMessage(get("www.example.com", "/"))).isEqualTo("Not found"); // the API's 404

        publish(statusChanged(deployment, "custom.localhost", DeploymentStatus.RUNNING, List.of(APP_B.endpoint()),
                List.of("www.example.com", "shop.example.net")));
        awaitStatus("www.example.com", 200);

        JsonNode seen = json(get("WWW.example.com", "/v1/deployments"));
        assertThat(seen.get("server").asString()).isEqualTo("app-b"); // the app's path, not the API's
        assertThat(seen.get("path").asString()).isEqualTo("/v1/deployments");
        assertThat(seen.get("identity_user").asString()).isEqualTo("none");
        assertThat(seen.get("headers").get("host").asString()).isEqualTo("WWW.example.com:" + port);
        assertThat(json(get("shop.example.net", "/health")).get("server").asString()).isEqualTo("app-b");
        assertThat(json(get("custom.localhost", "/")).get("server").asString()).isEqualTo("app-b");

        // a later event without www.example.com: that host is the API again (404 for /), the others still route
        publish(statusChanged(deployment, "custom.localhost", DeploymentStatus.RUNNING, List.of(APP_B.endpoint()),
                List.of("shop.example.net")));
        awaitStatus("www.example.com", 404);
        assertThat(errorMessage(get("www.example.com", "/"))).isEqualTo("Not found");
        assertThat(get("www.example.com", "/health").getStatus().value()).isEqualTo(200);
        assertThat(json(get("www.example.com", "/health")).get("status").asString()).isEqualTo("healthy");
        assertThat(json(get("shop.example.net", "/")).get("server").asString()).isEqualTo("app-b");

        // stopped: the domain still belongs to the app (503), deleted: the API again
        publish(statusChanged(deployment, "custom.localhost", DeploymentStatus.STOPPED, List.of(),
                List.of("shop.example.net")));
        awaitStatus("shop.example.net", 503);
        publish(EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, deployment, UUID.randomUUID(),
                new DeploymentDeleted(deployment, UUID.randomUUID(), "custom", "custom.localhost", 2)));
        awaitStatus("shop.example.net", 404);
        assertThat(errorMessage(get("shop.example.net", "/"))).isEqualTo("Not found");
        assertThat(errorMessage(get("custom.localhost", "/"))).isEqualTo("No app is deployed at custom.localhost");
    }

    @Test
    void unknownAppIs404AndUnreadableEventsAreSkipped() {
        producer().send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, "junk", "{not json"));
        publish(EventEnvelope.of(EventTypes.DEPLOYMENT_CREATED, UUID.randomUUID(), UUID.randomUUID(),
                java.util.Map.of("anything", 1)));
        UUID deployment = UUID.randomUUID();
        publish(statusChanged(deployment, "after-junk.localhost", DeploymentStatus.RUNNING, List.of(APP_A.endpoint())));
        awaitStatus("after-junk.localhost", 200);

        EntityExchangeResult<byte[]> unknown = get("nobody.localhost", "/");
        assertThat(unknown.getStatus().value()).isEqualTo(404);
        assertThat(unknown.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(errorMessage(unknown)).isEqualTo("No app is deployed at nobody.localhost");
    }

    @Test
    void appThatDoesNotAnswerIs502() {
        UUID deployment = UUID.randomUUID();
        String dead = FakeServer.deadUrl().substring("http://".length());
        publish(statusChanged(deployment, "gone.localhost", DeploymentStatus.RUNNING, List.of(dead)));
        awaitStatus("gone.localhost", 502);
        assertThat(errorMessage(get("gone.localhost", "/"))).isEqualTo("The app at gone.localhost is not reachable");
    }

    private EntityExchangeResult<byte[]> get(String host, String path) {
        return client().get().uri(path).header(HttpHeaders.HOST, host + ":" + port).exchange()
                .expectBody().returnResult();
    }

    private void awaitStatus(String host, int status) {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(get(host, "/").getStatus().value()).isEqualTo(status));
    }

    private static JsonNode json(EntityExchangeResult<byte[]> result) {
        return EventJson.mapper().readTree(result.getResponseBody());
    }

    private static String errorMessage(EntityExchangeResult<byte[]> result) {
        return json(result).get("error").get("message").asString();
    }

    private static EventEnvelope statusChanged(UUID deployment, String host, DeploymentStatus status,
            List<String> endpoints) {
        return statusChanged(deployment, host, status, endpoints, List.of());
    }

    private static EventEnvelope statusChanged(UUID deployment, String host, DeploymentStatus status,
            List<String> endpoints, List<String> customDomains) {
        return EventEnvelope.of(EventTypes.DEPLOYMENT_STATUS_CHANGED, deployment, UUID.randomUUID(),
                new DeploymentStatusChanged(deployment, UUID.randomUUID(), host.substring(0, host.indexOf('.')), host,
                        status, DeploymentStatus.DEPLOYING, "http://" + host, endpoints, null, 1, customDomains));
    }

    private void publish(EventEnvelope envelope) {
        producer().send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, envelope.aggregateId().toString(),
                EventJson.write(envelope)));
        producer.flush();
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            // events published before the gateway holds its partition would be skipped ("latest"), and a
            // snapshot still pending could predate them (this fake deployment-service never lists test apps)
            ContainerTestUtils.waitForAssignment(deploymentEventsContainer, 1);
            await().atMost(Duration.ofSeconds(20)).until(routeSnapshot::isUpToDate);
            producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker), new StringSerializer(),
                    new StringSerializer());
        }
        return producer;
    }
}
