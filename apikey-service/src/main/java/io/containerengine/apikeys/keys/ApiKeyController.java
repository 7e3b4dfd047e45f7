package io.containerengine.apikeys.keys;

import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.apikeys.keys.ApiKeyDtos.CreateRequest;
import io.containerengine.apikeys.keys.ApiKeyDtos.Created;
import io.containerengine.apikeys.keys.ApiKeyDtos.Message;
import io.containerengine.apikeys.keys.ApiKeyDtos.Page;
import io.containerengine.apikeys.keys.ApiKeyDtos.UsageRecorded;
import io.containerengine.apikeys.keys.ApiKeyDtos.UsageReport;
import io.containerengine.apikeys.keys.ApiKeyDtos.Verified;
import io.containerengine.apikeys.keys.ApiKeyDtos.VerifyRequest;
import io.containerengine.common.web.ApiException;
import io.containerengine.common.identity.InternalIdentity;

@RestController
public class ApiKeyController {

    private final ApiKeyService service;

    public ApiKeyController(ApiKeyService service) {
        this.service = service;
    }

    @PostMapping("/v1/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    public Created create(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @Valid @RequestBody CreateRequest request) {
        return service.create(userId, request);
    }

    @GetMapping("/v1/api-keys")
    public Page list(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "10") int limit) {
        return service.list(userId, page, limit);
    }

    @DeleteMapping("/v1/api-keys/{keyId}")
    public Message revoke(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable UUID keyId) {
        service.revoke(userId, keyId);
        return new Message("API key revoked successfully");
    }

    /**
     * For the gateway, on a cache miss: who owns this key, and until when? Only the platform itself may ask.
     * 404 for unknown, revoked or expired keys.
     */
    @PostMapping("/internal/api-keys/verify")
    public Verified verify(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller,
            @Valid @RequestBody VerifyRequest request) {
        requireSystem(caller);
        return service.verify(request.key())
                .map(key -> new Verified(key.userId(), key.id(), key.expiresAt()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "API key not found"));
    }

    /** For the gateway: uses of keys it answered from its cache, reported in batches. */
    @PostMapping("/internal/api-keys/usage")
    public UsageRecorded usage(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller,
            @Valid @RequestBody UsageReport report) {
        requireSystem(caller);
        return new UsageRecorded(service.recordUsage(report.usages()));
    }

    private static void requireSystem(UUID caller) {
        if (!InternalIdentity.SYSTEM.equals(caller)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden");
        }
    }
}
