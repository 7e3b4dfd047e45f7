package io.containerengine.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.containerengine.common.identity.InternalIdentity;
import tools.jackson.databind.JsonNode;

/** A second user can neither see nor touch the first user's deployments: 404 on every {id} endpoint. */
class IsolationIT extends IntegrationTestSupport {

    @Test
    void aSecondUserGets404OnEveryDeploymentEndpointAndChangesNothing() throws Exception {
        UUID id = createdId(user, appName("iso"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(3));
        PROVISIONER.metrics(id, "{\"cpu_percent\":1}");
        String domainId = post("/v1/deployments/" + id + "/domains", user,
                "{\"domain\":\"iso-" + id.toString().substring(0, 8) + ".example.com\"}").body().get("id").asString();
        UUID stranger = UUID.randomUUID();
        String base = "/v1/deployments/" + id;

        List<String[]> endpoints = List.of(
                new String[] {"GET", base, null},
                new String[] {"PUT", base, "{\"image\":\"nginx:1.28\"}"},
                new String[] {"PATCH", base + "/scale", "{\"replicas\":2}"},
                new String[] {"POST", base + "/stop", null},
                new String[] {"POST", base + "/start", null},
                new String[] {"DELETE", base, null},
                new String[] {"GET", base + "/status", null},
                new String[] {"GET", base + "/logs", null},
                new String[] {"GET", base + "/logs?follow=true", null},
                new String[] {"GET", base + "/metrics", null},
                new String[] {"GET", base + "/revisions", null},
                new String[] {"POST", base + "/rollback", "{\"revision\":1}"},
                new String[] {"GET", base + "/domains", null},
                new String[] {"POST", base + "/domains", "{\"domain\":\"taken-" + id.toString().substring(0, 8)
                        + ".example.com\"}"},
                new String[] {"POST", base + "/domains/" + domainId + "/verify", null},
                new String[] {"DELETE", base + "/domains/" + domainId, null});

        for (String[] e : endpoints) {
            Response r = send(e[0], e[1], stranger, e[2]);
            assertThat(r.status()).as(e[0] + " " + e[1]).isEqualTo(404);
            assertThat(r.body().get("error").get("message").asString()).as(e[0] + " " + e[1])
                    .isEqualTo("Deployment not found");
            // invalid bodies do not reveal anything either
            if (e[2] != null) {
                assertThat(send(e[0], e[1], stranger, "{}").status()).as(e[0] + " " + e[1] + " {}").isEqualTo(404);
            }
        }
        assertThatThrownBy(() -> http.newWebSocketBuilder().header(InternalIdentity.HEADER, identity.sign(stranger))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + base + "/logs/stream"), new WebSocket.Listener() {
                }).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(ex -> assertThat(((WebSocketHandshakeException) ex.getCause()).getResponse().statusCode())
                        .isEqualTo(404));

        // the stranger sees none of it in a list, whatever the filter
        for (String query : List.of("", "?status=pending", "?limit=100")) {
            JsonNode list = get("/v1/deployments" + query, stranger).body();
            assertThat(list.get("deployments")).isEmpty();
            assertThat(list.get("pagination").get("total").asInt()).isZero();
        }

        // and nothing changed for the owner
        JsonNode d = get(base, user).body();
        assertThat(d.get("status").asString()).isEqualTo("pending");
        assertThat(d.get("image").asString()).isEqualTo("nginx:1.27-alpine");
        assertThat(generationOf(id)).isEqualTo(1);
        assertThat(get(base + "/domains", user).body().get("domains")).hasSize(1);
        assertThat(get("/v1/deployments", user).body().get("deployments").findValuesAsString("id"))
                .containsExactly(id.toString());
    }

    @Test
    void theOwnerReachesEveryEndpoint() throws Exception {
        UUID id = createdId(user, appName("isoown"));
        PROVISIONER.logs(id, FakeProvisioner.numberedLines(3));
        PROVISIONER.metrics(id, "{\"cpu_percent\":1}");
        String base = "/v1/deployments/" + id;
        for (String path : List.of(base, base + "/status", base + "/logs", base + "/metrics", base + "/revisions",
                base + "/domains")) {
            assertThat(get(path, user).status()).as(path).isEqualTo(200);
        }
        assertThat(sendRaw("GET", base + "/logs?follow=true", user, null, Map.of()).statusCode()).isEqualTo(200);
    }
}
