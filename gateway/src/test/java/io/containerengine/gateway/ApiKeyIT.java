package io.containerengine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import io.containerengine.contracts.ApiKeyRevoked;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.SessionsRevoked;
import io.containerengine.contracts.Topics;
import io.containerengine.gateway.support.IdentityItSupport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class ApiKeyIT extends IdentityItSupport {

    private final UUID user = UUID.randomUUID();
    private final UUID keyId = UUID.randomUUID();

    @Test
    void acceptsApiKeyOnApiRouteAndVerifiesItOnlyOnce() {
        String key = API_KEYS.issue(user, keyId, null);

        for (int i = 0; i < 3; i++) {
            client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.server").isEqualTo("deployments")
                    .jsonPath("$.identity_user").isEqualTo(user.toString())
                    .jsonPath("$.headers.authorization").doesNotExist(); // the key stops at the edge
        }

        assertThat(API_KEYS.verifyCalls(key)).isEqualTo(1);
        assertThat(API_KEYS.unsignedCalls()).isZero();
    }

    @Test
    void concurrentFirstUsesOfAKeyShareOneVerifyCall() {
        String key = API_KEYS.issue(user, keyId, null);

        List<Integer> statuses = Flux.range(0, 20)
                .flatMap(i -> client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .exchange().returnResult(String.class).getResponseBody().then(Mono.just(1)), 20)
                .collectList().block(Duration.ofSeconds(20));

        assertThat(statuses).hasSize(20);
        assertThat(API_KEYS.verifyCalls(key)).isEqualTo(1);
    }

    @Test
    void acceptsApiKeyOnWebSocketRoute() {
        String key = API_KEYS.issue(user, keyId, null);

        List<String> byQuery = talk(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications?token=" + key),
                new HttpHeaders());
        JsonNode hello = EventJson.mapper().readTree(byQuery.get(0));
        assertThat(hello.get("identity_user").asString()).isEqualTo(user.toString());
        assertThat(hello.get("query").asString()).isEmpty();
        assertThat(byQuery.get(1)).isEqualTo("echo:ping");

        HttpHeaders bearer = new HttpHeaders();
        bearer.setBearerAuth(key);
        List<String> byHeader = talk(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications"), bearer);
        assertThat(EventJson.mapper().readTree(byHeader.get(0)).get("identity_user").asString())
                .isEqualTo(user.toString());
        assertThat(API_KEYS.verifyCalls(key)).isEqualTo(1);
    }

    @Test
    void unknownKeyIs401AndIsNotAskedAgainAtOnce() {
        String unknown = "ce_dev_" + UUID.randomUUID().toString().replace("-", "") + "unknownKey";

        expect401(unknown);
        expect401(unknown);

        assertThat(API_KEYS.verifyCalls(unknown)).isEqualTo(1);
    }

    @Test
    void malformedKeyIs401WithoutAskingApiKeyService() {
        String malformed = "ce_dev_short!";

        expect401(malformed);

        assertThat(API_KEYS.verifyCalls(malformed)).isZero();
    }

    @Test
    void expiredKeyIs401() {
        String key = API_KEYS.issue(user, keyId, Instant.now().plusMillis(1500));
        client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isOk();

        // the cache entry ends at expires_at; apikey-service then answers 404
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> expect401(key));

        String alreadyExpired = API_KEYS.issue(user, UUID.randomUUID(), Instant.now().minusSeconds(1));
        expect401(alreadyExpired);
    }

    @Test
    void apiKeyServiceFailureIs503AndNotCached() {
        String key = API_KEYS.issue(user, keyId, null);
        API_KEYS.breakKey(key);

        client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().json("{\"error\":{\"message\":\"Service unavailable\"}}", true);
        client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isEqualTo(503);

        assertThat(API_KEYS.verifyCalls(key)).isEqualTo(2);
    }

    @Test
    void rejectsRevokedKeyWithin1Second() {
        String key = API_KEYS.issue(user, keyId, null);
        client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isOk();
        assertThat(API_KEYS.verifyCalls(key)).isEqualTo(1);

        API_KEYS.revoke(key); // what apikey-service's DELETE does, before its outbox sends the event
        publish(Topics.APIKEY_EVENTS, EventEnvelope.of(EventTypes.APIKEY_REVOKED, keyId, user,
                new ApiKeyRevoked(keyId, user, Instant.now())));
        long published = System.nanoTime(); // the broker has the event

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> status(key) == 401);
        System.out.printf("API key refused %d ms after its revocation was published%n",
                (System.nanoTime() - published) / 1_000_000);
        expect401(key);
    }

    @Test
    void deactivatedUsersKeysAreRefused() {
        UUID someone = UUID.randomUUID();
        String key = API_KEYS.issue(someone, UUID.randomUUID(), null);
        client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isOk();

        publish(Topics.IDENTITY_EVENTS, EventEnvelope.of(EventTypes.USER_SESSIONS_REVOKED, someone, someone,
                new SessionsRevoked(someone, List.of(), Instant.now(), "deactivated")));

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> status(key) == 401);
    }

    @Test
    void usageIsReportedInBatchesWithTheKeyIds() {
        UUID otherKeyId = UUID.randomUUID();
        String key = API_KEYS.issue(user, keyId, null);
        String other = API_KEYS.issue(user, otherKeyId, null);
        for (String k : List.of(key, key, other, other)) {
            client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + k).exchange()
                    .expectStatus().isOk();
        }
        Instant afterUse = Instant.now();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> reported = new ArrayList<>();
            for (JsonNode report : API_KEYS.usageReports()) {
                for (JsonNode usage : report.get("usages")) {
                    reported.add(usage.get("key_id").asString());
                    assertThat(Instant.parse(usage.get("last_used").asString())).isBeforeOrEqualTo(afterUse);
                }
            }
            assertThat(reported).contains(keyId.toString(), otherKeyId.toString());
        });
        assertThat(API_KEYS.unsignedCalls()).isZero();
    }

    private int status(String key) {
        return client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .returnResult(String.class).getStatus().value();
    }

    private void expect401(String key) {
        client().get().uri("/v1/deployments").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"error\":{\"message\":\"Invalid or expired token\"}}", true);
    }

    /** Connects, sends "ping", returns the first two frames received. */
    private List<String> talk(URI uri, HttpHeaders headers) {
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return session.send(Mono.just(session.textMessage("ping")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(2))
                        .doOnNext(received::add)
                        .then();
            }
        };
        new ReactorNettyWebSocketClient().execute(uri, headers, handler).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(1)).until(() -> received.size() == 2);
        return received;
    }
}
