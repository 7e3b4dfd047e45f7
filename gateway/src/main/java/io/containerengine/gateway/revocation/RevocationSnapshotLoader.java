package io.containerengine.gateway.revocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Loads the revocations auth-service keeps in Redis for gateways that start later: {@code ce:revoked-session:<sid>}
 * and {@code ce:user-not-before:<userId>} (epoch seconds), both expiring with the access-token lifetime. Read with
 * SCAN at startup (waiting up to {@code startup-load-timeout}, then retrying in the background with backoff) and
 * again each time the event consumer gets its partitions, which closes the gap between the first load and the
 * moment events are followed. Never read per request; Redis being down never stops the gateway (see
 * {@code RevokedSessions} for what is accepted until a load succeeds).
 */
public class RevocationSnapshotLoader implements SmartLifecycle {

    static final String REVOKED_SESSION_PREFIX = "ce:revoked-session:";
    static final String USER_NOT_BEFORE_PREFIX = "ce:user-not-before:";

    private static final Logger log = LoggerFactory.getLogger(RevocationSnapshotLoader.class);
    private static final int PAGE = 1000;

    private final RevocationHandler handler;
    private final RevocationProperties properties;
    private final AtomicReference<Disposable> loading = new AtomicReference<>();
    private volatile boolean running;

    public RevocationSnapshotLoader(RevocationHandler handler, RevocationProperties properties) {
        this.handler = handler;
        this.properties = properties;
    }

    /** The result of one load, for the log. */
    record Loaded(int sessions, int users) {
    }

    @Override
    public void start() {
        running = true;
        try {
            Loaded loaded = Mono.fromCallable(this::loadOnce)
                    .subscribeOn(Schedulers.boundedElastic())
                    .block(properties.startupLoadTimeout());
            log.info("Revocation snapshot loaded from Redis: {} session(s), {} user not-before(s)",
                    loaded.sessions(), loaded.users());
        } catch (RuntimeException e) {
            log.warn("Revocation snapshot not loaded from Redis at startup ({}); retrying in the background",
                    e.toString());
            reload();
        }
    }

    /** Loads again in the background, retrying until it succeeds (a running load is replaced). */
    public void reload() {
        if (!running) {
            return;
        }
        Disposable next = Mono.fromCallable(this::loadOnce)
                .subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.retryMinBackoff())
                        .maxBackoff(properties.retryMaxBackoff())
                        .doBeforeRetry(signal -> log.info("Revocation snapshot not loaded yet ({}), retrying",
                                signal.failure().toString())))
                .subscribe(loaded -> log.info("Revocation snapshot reloaded: {} session(s), {} user not-before(s)",
                        loaded.sessions(), loaded.users()), error -> log.error("Revocation snapshot failed", error));
        Disposable previous = loading.getAndSet(next);
        if (previous != null) {
            previous.dispose();
        }
    }

    Loaded loadOnce() {
        Duration timeout = Duration.ofSeconds(2);
        RedisClient client = RedisClient.create(RedisURI.create(properties.redisUrl()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            int sessions = 0;
            for (String key : scan(redis, REVOKED_SESSION_PREFIX)) {
                UUID sid = uuid(key.substring(REVOKED_SESSION_PREFIX.length()));
                if (sid != null) {
                    handler.sessionsRevoked(List.of(sid));
                    sessions++;
                }
            }
            int users = 0;
            List<String> keys = scan(redis, USER_NOT_BEFORE_PREFIX);
            for (int i = 0; i < keys.size(); i += PAGE) {
                List<String> page = keys.subList(i, Math.min(keys.size(), i + PAGE));
                for (KeyValue<String, String> entry : redis.mget(page.toArray(String[]::new))) {
                    UUID user = uuid(entry.getKey().substring(USER_NOT_BEFORE_PREFIX.length()));
                    Long notBefore = entry.hasValue() ? epochSeconds(entry.getValue()) : null;
                    if (user != null && notBefore != null) {
                        // the reason is not kept in Redis; a deactivated user's keys are refused by apikey-service
                        handler.notBefore(user, notBefore, null);
                        users++;
                    }
                }
            }
            handler.snapshotLoaded();
            return new Loaded(sessions, users);
        } finally {
            client.shutdown(Duration.ZERO, timeout);
        }
    }

    private static List<String> scan(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = new ArrayList<>();
        ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(PAGE);
        ScanCursor cursor = ScanCursor.INITIAL;
        KeyScanCursor<String> page;
        do {
            page = redis.scan(cursor, args);
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!page.isFinished());
        return keys;
    }

    private static @Nullable UUID uuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable Long epochSeconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void stop() {
        running = false;
        Disposable current = loading.getAndSet(null);
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // before the web server starts taking requests (it starts in a later phase)
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
