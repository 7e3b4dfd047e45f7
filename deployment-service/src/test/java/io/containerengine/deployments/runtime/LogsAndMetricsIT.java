package io.containerengine.deployments.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.deployments.FakeProvisioner;
import io.containerengine.deployments.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

class LogsAndMetricsIT extends IntegrationTestSupport {

    @Test
    void logsReturnTheLastHundredLinesByDefaultInTheSpecShape() throws Exception {
        UUID id = createdId(user, appName("logs"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(150));

        Response r = get("/v1/deployments/" + id + "/logs", user);

        assertThat(r.status()).isEqualTo(200);
        JsonNode logs = r.body().get("logs");
        assertThat(logs).hasSize(100);
        assertThat(logs.get(0).propertyNames()).containsExactlyInAnyOrder("timestamp", "level", "message", "source");
        assertThat(logs.get(0).get("message").asString()).isEqualTo("line 50");
        assertThat(logs.get(0).get("timestamp").asString()).isEqualTo("2025-01-01T12:00:50Z");
        assertThat(logs.get(99).get("message").asString()).isEqualTo("line 149");
        assertThat(logs.findValuesAsString("source")).contains("app", "replica-2");
        assertThat(PROVISIONER.requests).contains("/internal/deployments/" + id + "/logs?tail=100");
    }

    @Test
    void tailIsBounded() throws Exception {
        UUID id = createdId(user, appName("tail"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(20));

        assertThat(get("/v1/deployments/" + id + "/logs?tail=5", user).body().get("logs")).hasSize(5);
        assertThat(get("/v1/deployments/" + id + "/logs?tail=10000", user).status()).isEqualTo(200);
        for (String bad : List.of("10001", "-1", "lots")) {
            Response r = get("/v1/deployments/" + id + "/logs?tail=" + bad, user);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.body().get("error").get("message").asString()).contains("tail");
        }
        Response badFollow = get("/v1/deployments/" + id + "/logs?follow=maybe", user);
        assertThat(badFollow.status()).isEqualTo(400);
        assertThat(badFollow.body().get("error").get("message").asString()).contains("follow");
    }

    @Test
    void followStreamsNdjsonUntilTheRuntimeStreamEnds() throws Exception {
        UUID id = createdId(user, appName("follow"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(3));

        HttpResponse<String> r = sendRaw("GET", "/v1/deployments/" + id + "/logs?follow=true&tail=2", user, null,
                java.util.Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/x-ndjson"));
        List<String> lines = r.body().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("message").asString()).isEqualTo("line 1");
        assertThat(JSON.readTree(lines.get(1)).get("message").asString()).isEqualTo("line 2");
    }

    @Test
    void followEndsTheRuntimeStreamWhenTheClientLeaves() throws Exception {
        UUID id = createdId(user, appName("followgone"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(1));
        PROVISIONER.holdOpen(id);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/deployments/" + id
                + "/logs?follow=true")).header(InternalIdentity.HEADER, identity.sign(user)).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> received = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            while (received.size() < 4) {
                received.add(reader.readLine());
            }
        }
        assertThat(JSON.readTree(received.get(0)).get("message").asString()).isEqualTo("line 0");
        assertThat(JSON.readTree(received.get(3)).get("message").asString()).startsWith("tick");

        await().atMost(Duration.ofSeconds(10)).until(() -> PROVISIONER.followersGone.contains(id));
    }

    @Test
    void logsAreUnavailableWith503WhenTheRuntimeCannotAnswer() throws Exception {
        UUID id = createdId(user, appName("nologs"));
        // the fake has no logs for it: it answers 503
        Response r = get("/v1/deployments/" + id + "/logs", user);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body().get("error").get("message").asString()).isEqualTo("Logs unavailable");
        Response follow = get("/v1/deployments/" + id + "/logs?follow=true", user);
        assertThat(follow.status()).isEqualTo(503);
        assertThat(follow.body().get("error").get("message").asString()).isEqualTo("Logs unavailable");
    }

    @Test
    void metricsComeFromTheRuntime() throws Exception {
        UUID id = createdId(user, appName("metrics"));
        PROVISIONER.metrics(id, """
                {"cpu_percent":12.5,"memory_bytes":52428800,"memory_limit_bytes":134217728,
                 "replicas":[{"name":"r1","cpu_percent":12.5,"memory_bytes":52428800}],
                 "sampled_at":"2025-01-01T12:00:00Z"}""");

        Response r = get("/v1/deployments/" + id + "/metrics", user);

        assertThat(r.status()).isEqualTo(200);
        JsonNode m = r.body().get("metrics");
        assertThat(m.get("cpu_percent").asDouble()).isEqualTo(12.5);
        assertThat(m.get("memory_bytes").asLong()).isEqualTo(52428800L);
        assertThat(m.get("memory_limit_bytes").asLong()).isEqualTo(134217728L);
        assertThat(m.get("replicas").get(0).get("name").asString()).isEqualTo("r1");
        assertThat(m.get("sampled_at").asString()).isEqualTo("2025-01-01T12:00:00Z");
    }

    @Test
    void metricsWithoutTheRuntimeStillAnswerWithTheRequestPartAndSaySo() throws Exception {
        UUID id = createdId(user, appName("nometrics"));
        Response r = get("/v1/deployments/" + id + "/metrics", user);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("metrics").isNull()).isTrue();
        assertThat(r.body().get("metrics_error").asString()).isEqualTo("Metrics unavailable");
        assertThat(r.body().get("requests").get("count").asLong()).isZero();
    }

    @Test
    void webSocketStreamsEachLineAsAJsonMessageAndEndsTheRuntimeStreamOnClose() throws Exception {
        UUID id = createdId(user, appName("ws"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(5));
        PROVISIONER.holdOpen(id);
        List<String> messages = new CopyOnWriteArrayList<>();

        WebSocket ws = connect(id, user, "?tail=3", messages);
        await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() >= 5);
        assertThat(JSON.readTree(messages.get(0)).get("message").asString()).isEqualTo("line 2");
        assertThat(JSON.readTree(messages.get(2)).get("message").asString()).isEqualTo("line 4");
        assertThat(JSON.readTree(messages.get(3)).propertyNames())
                .containsExactlyInAnyOrder("timestamp", "level", "message", "source");
        assertThat(JSON.readTree(messages.get(3)).get("message").asString()).startsWith("tick");

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> PROVISIONER.followersGone.contains(id));
    }

    @Test
    void webSocketTellsWhenLogsAreUnavailable() throws Exception {
        UUID id = createdId(user, appName("wsnologs"));
        List<String> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        http.newWebSocketBuilder().header(InternalIdentity.HEADER, identity.sign(user))
                .buildAsync(wsUri(id, ""), listener(messages, closed)).get(5, TimeUnit.SECONDS);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1011);
        assertThat(messages).hasSize(1);
        assertThat(JSON.readTree(messages.get(0)).get("error").get("message").asString())
                .isEqualTo("Logs unavailable");
    }

    @Test
    void webSocketHandshakeIs404ForAnyoneButTheOwnerAnd401WithoutIdentity() throws Exception {
        UUID id = createdId(user, appName("wsowner"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(1));
        assertHandshakeStatus(id, UUID.randomUUID(), "", 404);
        assertHandshakeStatus(UUID.randomUUID(), user, "", 404);
        assertHandshakeStatus(id, null, "", 401);
        assertHandshakeStatus(id, user, "?tail=abc", 400);
    }

    private void assertHandshakeStatus(UUID id, UUID as, String query, int status) {
        var builder = http.newWebSocketBuilder();
        if (as != null) {
            builder.header(InternalIdentity.HEADER, identity.sign(as));
        }
        assertThatThrownBy(() -> builder.buildAsync(wsUri(id, query), listener(new ArrayList<>(),
                new CompletableFuture<>())).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> {
                    assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                    assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                            .isEqualTo(status);
                });
    }

    private WebSocket connect(UUID id, UUID as, String query, List<String> messages) throws Exception {
        return http.newWebSocketBuilder().header(InternalIdentity.HEADER, identity.sign(as))
                .buildAsync(wsUri(id, query), listener(messages, new CompletableFuture<>())).get(5, TimeUnit.SECONDS);
    }

    private URI wsUri(UUID id, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/deployments/" + id + "/logs/stream" + query);
    }

    private static WebSocket.Listener listener(List<String> messages, CompletableFuture<Integer> closed) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }
        };
    }
}
