package io.containerengine.apikeys.keys;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import io.containerengine.apikeys.web.ApiException;

@Service
public class ApiKeyService {

    public static final int MAX_LIMIT = 100;

    private final ApiKeyRepository keys;
    private final ApiKeySecrets secrets;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, ApiKeySecrets secrets, Clock clock) {
        this.keys = keys;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Transactional
    public Created create(UUID userId, CreateRequest request) {
        Instant now = now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data", "expires_at: must be in the future");
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

    @Transactional
    public void revoke(UUID userId, UUID keyId) {
        if (!keys.revoke(keyId, userId, now())) {
            // Someone else's key and no key at all look the same to the caller.
            throw new ApiException(HttpStatus.NOT_FOUND, "API key not found");
        }
    }

    /** The owner of a live key, recording its use; empty for unknown, revoked or expired keys. */
    @Transactional
    public Optional<ApiKey> verify(String key) {
        Instant now = now();
        Optional<ApiKey> found = keys.findUsableByHash(ApiKeySecrets.hash(key), now);
        found.ifPresent(k -> keys.touch(k.id(), now));
        return found;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
