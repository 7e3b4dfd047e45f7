package io.containerengine.auth.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.containerengine.auth.tokens.AuthProperties;

/**
 * Revocations in Redis, for a gateway that (re)starts and must know them without replaying Kafka:
 * <ul>
 * <li>{@code ce:revoked-session:<sid>} = user id: refuse access tokens whose {@code sid} claim is {@code <sid>};</li>
 * <li>{@code ce:user-not-before:<userId>} = epoch seconds: refuse the user's access tokens whose {@code iat} is
 * lower.</li>
 * </ul>
 * Both live as long as an access token ({@code ce.auth.access-token-ttl}): after that every token they refer to has
 * expired anyway. The same facts travel as {@code SessionsRevoked} on {@code ce.identity-events}; a gateway loads
 * the keys (SCAN) on start and then follows the events. The keys are written after the database commit; PostgreSQL
 * stays the truth (refresh tokens are checked there), so a Redis outage is logged, not fatal.
 */
@Component
public class RevocationStore {

    public static final String REVOKED_SESSION_PREFIX = "ce:revoked-session:";
    public static final String USER_NOT_BEFORE_PREFIX = "ce:user-not-before:";

    private static final Logger log = LoggerFactory.getLogger(RevocationStore.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;

    public RevocationStore(StringRedisTemplate redis, AuthProperties properties) {
        this.redis = redis;
        this.ttl = properties.accessTokenTtl();
    }

    public void sessionsRevoked(UUID userId, Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(sessionIds);
        afterCommit(() -> ids.forEach(sid -> redis.opsForValue().set(REVOKED_SESSION_PREFIX + sid,
                userId.toString(), ttl)));
    }

    public void notBefore(UUID userId, Instant notBefore) {
        afterCommit(() -> redis.opsForValue().set(USER_NOT_BEFORE_PREFIX + userId,
                String.valueOf(notBefore.getEpochSecond()), ttl));
    }

    private void afterCommit(Runnable write) {
        Runnable guarded = () -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.warn("Could not record a revocation in Redis (the event still carries it): {}", e.toString());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    guarded.run();
                }
            });
        } else {
            guarded.run();
        }
    }
}
