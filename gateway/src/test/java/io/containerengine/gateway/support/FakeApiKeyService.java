package io.containerengine.gateway.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.EventJson;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * apikey-service's internal endpoints as the gateway sees them: {@code POST /internal/api-keys/verify} (200 with
 * user_id/key_id/expires_at, 404 for unknown, revoked or expired keys, 500 for keys marked broken) and
 * {@code POST /internal/api-keys/usage} (recorded). Both want the SYSTEM identity, like the real service.
 * Verify answers after a short delay, so that concurrent misses overlap.
 */
public final class FakeApiKeyService {

    public record Key(UUID userId, UUID keyId, Instant expiresAt) {
    }

    private static final InternalIdentity IDENTITY = new InternalIdentity(Tokens.IDENTITY_SECRET);

    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, Boolean> broken = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> verifyCalls = new ConcurrentHashMap<>();
    private final AtomicInteger unsignedCalls = new AtomicInteger();
    private final List<JsonNode> usageReports = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    public FakeApiKeyService() {
        server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            boolean system = IDENTITY.verify(request.requestHeaders().get(InternalIdentity.HEADER))
                    .filter(InternalIdentity.SYSTEM::equals).isPresent();
            if (!system) {
                unsignedCalls.incrementAndGet();
                return response.status(403).sendString(Mono.just("{\"error\":{\"message\":\"Forbidden\"}}"));
            }
            return request.receive().aggregate().asString().defaultIfEmpty("{}").flatMap(body -> {
                JsonNode json = EventJson.mapper().readTree(body);
                if (request.uri().equals("/internal/api-keys/usage")) {
                    usageReports.add(json);
                    return response.header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"updated\":" + json.get("usages").size() + "}")).then();
                }
                String key = json.path("key").asString("");
                verifyCalls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                return Mono.delay(Duration.ofMillis(50)).then(Mono.defer(() -> {
                    if (broken.containsKey(key)) {
                        return response.status(500).sendString(Mono.just("{\"error\":{\"message\":\"boom\"}}")).then();
                    }
                    Key found = keys.get(key);
                    if (found == null || (found.expiresAt() != null && !found.expiresAt().isAfter(Instant.now()))) {
                        return response.status(404).header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"error\":{\"message\":\"API key not found\"}}")).then();
                    }
                    String expires = found.expiresAt() == null ? "null" : "\"" + found.expiresAt() + "\"";
                    return response.header("Content-Type", "application/json").sendString(Mono.just(
                            "{\"user_id\":\"%s\",\"key_id\":\"%s\",\"expires_at\":%s,\"extra\":1}"
                                    .formatted(found.userId(), found.keyId(), expires))).then();
                }));
            });
        }).bindNow();
    }

    /** A new live key of {@code userId} ({@code expiresAt} may be null). */
    public String issue(UUID userId, UUID keyId, Instant expiresAt) {
        String key = "ce_dev_" + UUID.randomUUID().toString().replace("-", "") + "AbCdEf_-0123";
        keys.put(key, new Key(userId, keyId, expiresAt));
        return key;
    }

    public void revoke(String key) {
        keys.remove(key);
    }

    public void breakKey(String key) {
        broken.put(key, true);
    }

    public int verifyCalls(String key) {
        AtomicInteger calls = verifyCalls.get(key);
        return calls == null ? 0 : calls.get();
    }

    public int unsignedCalls() {
        return unsignedCalls.get();
    }

    public List<JsonNode> usageReports() {
        return usageReports;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }
}
