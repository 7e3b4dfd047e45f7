package io.containerengine.gateway.apikeys;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.gateway.auth.ApiKeyCheck;
import reactor.core.publisher.Mono;

/**
 * Validates API keys without a round trip on the hot path. A bounded cache keyed by the key's SHA-256 holds
 * (user id, key id, expires_at) for {@code cache-ttl} and never past the key's expiry; a miss asks apikey-service
 * once however many requests wait for the same key (they share one call); an unknown key is remembered for
 * {@code negative-ttl}, in a map of its own so that a flood of bad keys cannot push out good ones.
 *
 * <p>Revocation: an {@code ApiKeyRevoked} event evicts the key and remembers its id for {@code cache-ttl}; the id is
 * checked on every hit and before caching an answer, so a verify that raced with the revocation cannot bring the
 * key back. While events can't be read (Kafka down), a revoked key stays accepted by a gateway that had it cached
 * for at most {@code cache-ttl} (fail-open, bounded); keys revoked before the outage were evicted when their event
 * came. apikey-service being down only affects misses: those get 503, cached keys keep working.
 */
public class ApiKeyAuthenticator implements ApiKeyCheck {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    /** A verified key; its answer is built once (Mono.just is immutable), so a hit allocates nothing. */
    private record Positive(VerifiedApiKey caller, Mono<Outcome> answer, long validUntilMillis) {
    }

    private static final Mono<Outcome> INVALID = Mono.just(Outcome.INVALID);

    private final Function<String, Mono<ApiKeyServiceClient.Verified>> verify;
    private final ApiKeyUsageReporter usage;
    private final Clock clock;
    private final int cacheSize;
    private final int negativeCacheSize;
    private final long ttlMillis;
    private final long negativeTtlMillis;
    private final Duration verifyTimeout;

    private final Map<KeyHash, Positive> positives = new ConcurrentHashMap<>();
    private final Map<KeyHash, Long> negatives = new ConcurrentHashMap<>();
    private final Map<KeyHash, CompletableFuture<Outcome>> inflight = new ConcurrentHashMap<>();
    /** Revoked key ids → until when they are refused without asking (covers in-flight verifies). */
    private final Map<UUID, Long> revokedKeys = new ConcurrentHashMap<>();
    /** Deactivated users → until when their keys are refused at this gateway. */
    private final Map<UUID, Long> blockedUsers = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(Function<String, Mono<ApiKeyServiceClient.Verified>> verify,
            ApiKeyUsageReporter usage, ApiKeysProperties properties, Clock clock) {
        this.verify = verify;
        this.usage = usage;
        this.clock = clock;
        this.cacheSize = Math.max(1, properties.cacheSize());
        this.negativeCacheSize = Math.max(1, properties.negativeCacheSize());
        this.ttlMillis = properties.cacheTtl().toMillis();
        this.negativeTtlMillis = properties.negativeTtl().toMillis();
        this.verifyTimeout = properties.verifyTimeout();
    }

    @Override
    public Mono<Outcome> check(String key) {
        if (!ApiKeyFormat.isWellFormed(key)) {
            return INVALID;
        }
        KeyHash hash = KeyHash.of(key);
        long now = clock.millis();
        Positive hit = positives.get(hash);
        if (hit != null) {
            if (now < hit.validUntilMillis()) {
                VerifiedApiKey caller = hit.caller();
                if (refused(caller, now)) {
                    positives.remove(hash, hit);
                    return INVALID;
                }
                usage.record(caller.keyId(), now);
                return hit.answer();
            }
            positives.remove(hash, hit);
        } else {
            Long badUntil = negatives.get(hash);
            if (badUntil != null) {
                if (now < badUntil) {
                    return INVALID;
                }
                negatives.remove(hash, badUntil);
            }
        }
        return Mono.fromFuture(miss(hash, key), true);
    }

    /** One verify call per key at a time; everyone who misses meanwhile waits for the same answer. */
    private CompletableFuture<Outcome> miss(KeyHash hash, String key) {
        CompletableFuture<Outcome> created = new CompletableFuture<>();
        CompletableFuture<Outcome> running = inflight.putIfAbsent(hash, created);
        if (running != null) {
            return running;
        }
        Mono.defer(() -> verify.apply(key))
                .timeout(verifyTimeout)
                .map(verified -> store(hash, verified))
                .defaultIfEmpty(Outcome.INVALID)
                .doOnNext(result -> {
                    if (result == Outcome.INVALID) {
                        storeNegative(hash);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("API key check failed, answering 503: {}", e.toString());
                    return Mono.just(Outcome.UNAVAILABLE);
                })
                .subscribe(result -> {
                    inflight.remove(hash, created);
                    created.complete(result);
                });
        return created;
    }

    private Outcome store(KeyHash hash, ApiKeyServiceClient.Verified verified) {
        long now = clock.millis();
        if (verified.userId() == null || verified.keyId() == null) {
            return Outcome.INVALID;
        }
        long expires = verified.expiresAt() == null ? 0 : verified.expiresAt().toEpochMilli();
        if (expires != 0 && expires <= now) {
            return Outcome.INVALID;
        }
        VerifiedApiKey caller = new VerifiedApiKey(verified.userId(), verified.keyId(), expires);
        if (refused(caller, now)) {
            return Outcome.INVALID;
        }
        long validUntil = expires == 0 ? now + ttlMillis : Math.min(now + ttlMillis, expires);
        Outcome result = new Outcome(caller, false);
        if (positives.size() >= cacheSize) {
            makeRoom(now);
        }
        positives.put(hash, new Positive(caller, Mono.just(result), validUntil));
        return result;
    }

    private void storeNegative(KeyHash hash) {
        long now = clock.millis();
        if (negatives.size() >= negativeCacheSize) {
            negatives.values().removeIf(until -> until <= now);
            if (negatives.size() >= negativeCacheSize) {
                negatives.clear();
            }
        }
        negatives.put(hash, now + negativeTtlMillis);
    }

    private void makeRoom(long now) {
        positives.values().removeIf(p -> p.validUntilMillis() <= now);
        if (positives.size() < cacheSize) {
            return;
        }
        // still full of live keys: drop an arbitrary tenth rather than track recency on the hot path
        int toDrop = Math.max(1, cacheSize / 10);
        Iterator<Positive> it = positives.values().iterator();
        while (toDrop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private boolean refused(VerifiedApiKey caller, long now) {
        if (!revokedKeys.isEmpty()) {
            Long until = revokedKeys.get(caller.keyId());
            if (until != null && now < until) {
                return true;
            }
        }
        if (!blockedUsers.isEmpty()) {
            Long until = blockedUsers.get(caller.userId());
            return until != null && now < until;
        }
        return false;
    }

    /** The key was revoked: refused from now on at this gateway (evicted, and its id remembered). */
    public void revoked(UUID keyId) {
        long now = clock.millis();
        revokedKeys.put(keyId, now + ttlMillis);
        revokedKeys.values().removeIf(until -> until <= now);
        positives.values().removeIf(p -> p.caller().keyId().equals(keyId));
    }

    /** The user's sessions were all ended: drop their cached keys so the next use asks apikey-service again. */
    public void evictUser(UUID userId) {
        positives.values().removeIf(p -> p.caller().userId().equals(userId));
    }

    /** The user is deactivated: refuse their keys here until {@code untilMillis}, whatever the cache holds. */
    public void blockUser(UUID userId, long untilMillis) {
        long now = clock.millis();
        blockedUsers.merge(userId, untilMillis, Math::max);
        blockedUsers.values().removeIf(until -> until <= now);
        evictUser(userId);
    }

    int cachedCount() {
        return positives.size();
    }
}
