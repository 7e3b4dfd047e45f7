package io.containerengine.apikeys.keys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.containerengine.common.web.RejectUnknownFields;

/** Request and response bodies of the API key endpoints. */
public final class ApiKeyDtos {

    private ApiKeyDtos() {
    }

    // Unknown fields are refused: "expires_in_days" ignored would mean a key that never expires.
    @RejectUnknownFields
    public record CreateRequest(@NotBlank @Size(max = 100) String name, @Size(max = 500) String description,
            Instant expiresAt) {

        public CreateRequest {
            name = name == null ? null : name.trim();
        }
    }

    /** The only response that ever carries the key. */
    public record Created(UUID id, String name, String key, Instant createdAt) {

        @Override
        public String toString() {
            return "Created[id=" + id + ", name=" + name + "]";
        }
    }

    public record Summary(UUID id, String name, String description, String keyPrefix, Instant createdAt,
            Instant expiresAt, Instant lastUsed) {

        static Summary of(ApiKey key) {
            return new Summary(key.id(), key.name(), key.description(), key.keyPrefix(), key.createdAt(),
                    key.expiresAt(), key.lastUsed());
        }
    }

    public record Pagination(int page, int limit, long total, long totalPages) {
    }

    public record Page(List<Summary> apiKeys, Pagination pagination) {
    }

    public record Message(String message) {
    }

    public record VerifyRequest(@NotBlank String key) {

        @Override
        public String toString() {
            return "VerifyRequest[***]";
        }
    }

    /** @param expiresAt when the key stops working (null: never); a gateway caches the answer no longer than that */
    public record Verified(UUID userId, UUID keyId, Instant expiresAt) {
    }

    /** A gateway's batch of key uses it answered from its cache. */
    public record UsageReport(@NotNull @Size(max = 1000) List<@NotNull @Valid Usage> usages) {
    }

    public record Usage(@NotNull UUID keyId, @NotNull Instant lastUsed) {
    }

    public record UsageRecorded(int updated) {
    }
}
