package io.containerengine.gateway.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.containerengine.gateway.auth.ApiKeyCheck.Outcome;
import io.containerengine.gateway.support.MutableClock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class ApiKeyAuthenticatorTest {

    private static final String KEY = "ce_dev_0123456789abcdefghijABCDEFGHIJ-_xyz";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final UUID user = UUID.randomUUID();
    private final UUID keyId = UUID.randomUUID();
    private final Map<String, ApiKeyServiceClient.Verified> live = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final ApiKeyUsageReporter usage = new ApiKeyUsageReporter(batch -> Mono.empty(), Duration.ofSeconds(30));
    private final ApiKeyAuthenticator keys = new ApiKeyAuthenticator(key -> {
        calls.incrementAndGet();
        return Mono.justOrEmpty(live.get(key));
    }, usage, new ApiKeysProperties(3, Duration.ofMinutes(5), 2, Duration.ofSeconds(5), Duration.ofSeconds(1),
            null), clock);

    @Test
    void cachesAVerifiedKeyUntilItsTtl() {
        live.put(KEY, new ApiKeyServiceClient.Verified(user, keyId, null));

        assertThat(caller(KEY).userId()).isEqualTo(user);
        assertThat(caller(KEY).keyId()).isEqualTo(keyId);
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(caller(KEY)).isNotNull();
        assertThat(calls).hasValue(2);
    }

    @Test
    void neverTrustsAKeyPastItsExpiry() {
        live.put(KEY, new ApiKeyServiceClient.Verified(user, keyId, clock.instant().plusSeconds(10)));
        assertThat(caller(KEY)).isNotNull();

        clock.advance(Duration.ofSeconds(10));
        live.remove(KEY); // apikey-service says 404 for an expired key
        assertThat(keys.check(KEY).block()).isSameAs(Outcome.INVALID);
        assertThat(calls).hasValue(2);

        live.put("ce_dev_expired0123456789abcdefghij", new ApiKeyServiceClient.Verified(user, keyId,
                clock.instant().minusSeconds(1)));
        assertThat(keys.check("ce_dev_expired0123456789abcdefghij").block()).isSameAs(Outcome.INVALID);
    }

    @Test
    void remembersUnknownKeysBriefly() {
        assertThat(keys.check(KEY).block()).isSameAs(Outcome.INVALID);
        assertThat(keys.check(KEY).block()).isSameAs(Outcome.INVALID);
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofSeconds(5));
        assertThat(keys.check(KEY).block()).isSameAs(Outcome.INVALID);
        assertThat(calls).hasValue(2);
    }

    @Test
    void refusesMalformedKeysWithoutAsking() {
        for (String bad : List.of("ce_dev_", "ce_dev_short", "ce_dev_" + "x".repeat(300), "ce_dev_abc$defghijklmnopq")) {
            assertThat(keys.check(bad).block()).isSameAs(Outcome.INVALID);
        }
        assertThat(calls).hasValue(0);
    }

    @Test
    void concurrentMissesShareOneCall() {
        Sinks.One<ApiKeyServiceClient.Verified> answer = Sinks.one();
        AtomicInteger slowCalls = new AtomicInteger();
        ApiKeyAuthenticator slow = new ApiKeyAuthenticator(key -> {
            slowCalls.incrementAndGet();
            return answer.asMono();
        }, usage, new ApiKeysProperties(null, null, null, null, Duration.ofSeconds(5), null), clock);

        var pending = Flux.range(0, 50).flatMap(i -> slow.check(KEY)).collectList().toFuture();
        answer.tryEmitValue(new ApiKeyServiceClient.Verified(user, keyId, null));

        assertThat(pending.join()).hasSize(50).allMatch(o -> o.caller() != null);
        assertThat(slowCalls).hasValue(1);
    }

    @Test
    void failureIsUnavailableAndNotCached() {
        ApiKeyAuthenticator failing = new ApiKeyAuthenticator(key -> {
            calls.incrementAndGet();
            return Mono.error(new ApiKeyServiceClient.UnavailableException("down"));
        }, usage, new ApiKeysProperties(null, null, null, null, null, null), clock);

        assertThat(failing.check(KEY).block()).isSameAs(Outcome.UNAVAILABLE);
        assertThat(failing.check(KEY).block()).isSameAs(Outcome.UNAVAILABLE);
        assertThat(calls).hasValue(2);
    }

    @Test
    void revokedKeyIsEvictedAndNotCachedAgainByARacingVerify() {
        live.put(KEY, new ApiKeyServiceClient.Verified(user, keyId, null));
        assertThat(caller(KEY)).isNotNull();

        keys.revoked(keyId);
        assertThat(keys.check(KEY).block()).isSameAs(Outcome.INVALID);
        // a verify answered before the revocation committed still says "valid": the remembered id wins
        clock.advance(Duration.ofSeconds(6));
        assertThat(keys.check(KEY).block()).isSameAs(Outcome.INVALID);
        assertThat(keys.cachedCount()).isZero();
    }

    @Test
    void blockedUserKeysAreRefusedUntilTheBlockEnds() {
        live.put(KEY, new ApiKeyServiceClient.Verified(user, keyId, null));
        assertThat(caller(KEY)).isNotNull();

        keys.blockUser(user, clock.millis() + 60_000);
        assertThat(keys.check(KEY).block()).isSameAs(Outcome.INVALID);
    }

    @Test
    void staysBoundedWhenFull() {
        for (int i = 0; i < 10; i++) {
            String key = "ce_dev_bounded0123456789abcdef" + i;
            live.put(key, new ApiKeyServiceClient.Verified(user, UUID.randomUUID(), null));
            assertThat(caller(key)).isNotNull();
        }
        assertThat(keys.cachedCount()).isLessThanOrEqualTo(3);
    }

    @Test
    void recordsUsageOfCachedKeys() {
        List<List<ApiKeyServiceClient.Usage>> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApiKeyUsageReporter recording = new ApiKeyUsageReporter(batch -> {
            reports.add(List.copyOf(batch));
            return Mono.empty();
        }, Duration.ofSeconds(30));
        ApiKeyAuthenticator counted = new ApiKeyAuthenticator(key -> Mono.justOrEmpty(live.get(key)), recording,
                new ApiKeysProperties(null, null, null, null, null, null), clock);
        live.put(KEY, new ApiKeyServiceClient.Verified(user, keyId, null));

        counted.check(KEY).block();
        counted.check(KEY).block();
        recording.flush().block();

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).extracting(ApiKeyServiceClient.Usage::keyId).containsExactly(keyId);
        assertThat(reports.get(0).get(0).lastUsed()).isEqualTo(clock.instant());
    }

    private VerifiedApiKey caller(String key) {
        return (VerifiedApiKey) keys.check(key).block().caller();
    }
}
