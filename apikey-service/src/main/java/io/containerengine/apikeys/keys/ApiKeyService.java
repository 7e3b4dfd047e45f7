package io.containerengine.apikeys.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.apikeys.keys.ApiKeyDtos.CreateRequest;
import io.containerengine.apikeys.keys.ApiKeyDtos.Created;
import io.containerengine.apikeys.keys.ApiKeyDtos.Page;
import io.containerengine.apikeys.keys.ApiKeyDtos.Pagination;
import io.containerengine.apikeys.keys.ApiKeyDtos.Summary;
import io.containerengine.apikeys.keys.ApiKeyDtos.Usage;
import io.containerengine.common.web.ApiException;
import io.containerengine.common.outbox.OutboxWriter;
import io.containerengine.contracts.ApiKeyRevoked;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;

@Service
public class ApiKeyService {

    public static final int MAX_LIMIT = 100;

    private final ApiKeyRepository keys;
    private final ApiKeySecrets secrets;
    private final OutboxWriter outbox;
    private final Duration lastUsedResolution;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, ApiKeySecrets secrets, OutboxWriter outbox,
            ApiKeysProperties properties, Clock clock) {
        this.keys = keys;
        this.secrets = secrets;
        this.outbox = outbox;
        this.lastUsedResolution = properties.lastUsedResolution();
        this.clock = clock;
    }

    @Transactional
    public Created create(UUID userId, CreateRequest request) {
        Instant now = now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data", "expires_at: must be in the future");
        }
        if (keys.isDeactivated(userId)) {
            // a request that passed the gateway just before the deactivation reached it
            throw new ApiException(HttpStatus.FORBIDDEN, "Account is deactivated");
        }
        String key = secrets.newKey();
        String description = request.description() == null || request.description().isBlank()
                ? null : request.description().trim();
        ApiKey row = new ApiKey(UUID.randomUUID(), userId, request.name(), description, ApiKeySecrets.hash(key),
                ApiKeySecrets.displayPrefix(key), now, request.expiresAt(), null, null);
        keys.insert(row);
        return new Created(row.id(), row.name(), key, row.createdAt());
    }

    @Transactional(readOnly = true)
    public Page list(UUID userId, int page, int limit) {
        if (page < 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data", "page: must be at least 1");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data",
                    "limit: must be between 1 and " + MAX_LIMIT);
        }
        long total = keys.countActive(userId);
        long totalPages = (total + limit - 1) / limit;
        var items = keys.pageActive(userId, limit, (long) (page - 1) * limit).stream().map(Summary::of).toList();
        return new Page(items, new Pagination(page, limit, total, totalPages));
    }

    /** Revokes the key and tells the gateways (ApiKeyRevoked, through the outbox) to drop it from their caches. */
    @Transactional
    public void revoke(UUID userId, UUID keyId) {
        Instant now = now();
        if (!keys.revoke(keyId, userId, now)) {
            // Someone else's key and no key at all look the same to the caller.
            throw new ApiException(HttpStatus.NOT_FOUND, "API key not found");
        }
        outbox.append(Topics.APIKEY_EVENTS, EventEnvelope.of(EventTypes.APIKEY_REVOKED, keyId, userId,
                new ApiKeyRevoked(keyId, userId, now)));
    }

    /**
     * The user was deactivated: every key of theirs is revoked, each with an ApiKeyRevoked (through the outbox, as
     * {@link #revoke} does) so the gateways drop it, and no key of theirs is created or accepted from now on.
     *
     * @return the keys revoked now
     */
    @Transactional
    public List<UUID> revokeAllOfDeactivatedUser(UUID userId) {
        Instant now = now();
        keys.markDeactivated(userId, now);
        List<UUID> revoked = keys.revokeAllOf(userId, now);
        for (UUID keyId : revoked) {
            outbox.append(Topics.APIKEY_EVENTS, EventEnvelope.of(EventTypes.APIKEY_REVOKED, keyId, userId,
                    new ApiKeyRevoked(keyId, userId, now)));
        }
        return revoked;
    }

    /**
     * The owner of a live key; empty for unknown, revoked or expired keys. One indexed lookup by hash; the use is
     * recorded at most once per {@code last-used-resolution} (a gateway asks only when its cache misses).
     */
    @Transactional
    public Optional<ApiKey> verify(String key) {
        Instant now = now();
        Optional<ApiKey> found = keys.findUsableByHash(ApiKeySecrets.hash(key), now);
        found.filter(k -> k.lastUsed() == null || k.lastUsed().isBefore(now.minus(lastUsedResolution)))
                .ifPresent(k -> keys.recordUse(k.id(), now, lastUsedResolution));
        return found;
    }

    /** Uses a gateway answered from its cache; times in the future count as now. Returns the rows written. */
    @Transactional
    public int recordUsage(List<Usage> usages) {
        Instant now = now();
        int updated = 0;
        for (Usage usage : usages) {
            Instant when = usage.lastUsed().isAfter(now) ? now : usage.lastUsed().truncatedTo(ChronoUnit.SECONDS);
            if (keys.recordUse(usage.keyId(), when, lastUsedResolution)) {
                updated++;
            }
        }
        return updated;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
