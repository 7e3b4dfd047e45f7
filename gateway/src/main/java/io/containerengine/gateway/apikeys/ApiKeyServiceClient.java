package io.containerengine.gateway.apikeys;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.EventJson;
import reactor.core.publisher.Mono;

/**
 * apikey-service's internal endpoints, called as the platform ({@code InternalIdentity.SYSTEM}):
 * {@code POST /internal/api-keys/verify} on a cache miss, {@code POST /internal/api-keys/usage} with batched uses.
 */
public class ApiKeyServiceClient {

    /** The answer of verify (snake_case JSON; unknown fields ignored). */
    public record Verified(UUID userId, UUID keyId, Instant expiresAt) {
    }

    /** One key's latest use, as the usage endpoint takes it. */
    public record Usage(UUID keyId, Instant lastUsed) {
    }

    /** apikey-service could not give an answer (down, slow, or an unexpected status). */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private final WebClient client;
    private final InternalIdentity identity;

    public ApiKeyServiceClient(URI apiKeyService, InternalIdentity identity, WebClient.Builder clients) {
        this.client = clients.baseUrl(apiKeyService.toString()).build();
        this.identity = identity;
    }

    /** The key's owner; empty when apikey-service says 404 (unknown, revoked or expired); an error otherwise. */
    public Mono<Verified> verify(String key) {
        return client.post()
                .uri("/internal/api-keys/verify")
                .header(InternalIdentity.HEADER, identity.sign(InternalIdentity.SYSTEM))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(EventJson.mapper().writeValueAsString(Map.of("key", key)))
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return response.releaseBody().then(Mono.empty());
                    }
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new UnavailableException(
                                "verify answered " + response.statusCode().value())));
                    }
                    return response.bodyToMono(String.class)
                            .map(body -> EventJson.mapper().readValue(body, Verified.class));
                });
    }

    public Mono<Void> reportUsage(List<Usage> usages) {
        return client.post()
                .uri("/internal/api-keys/usage")
                .header(InternalIdentity.HEADER, identity.sign(InternalIdentity.SYSTEM))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(EventJson.mapper().writeValueAsString(Map.of("usages", usages)))
                .retrieve()
                .toBodilessEntity()
                .then();
    }
}
