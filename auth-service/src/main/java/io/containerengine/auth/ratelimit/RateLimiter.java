package io.containerengine.auth.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import io.containerengine.auth.ratelimit.RateLimitProperties.Action;
import io.containerengine.auth.ratelimit.RateLimitProperties.Limit;

/**
 * Fixed-window counters in Redis: {@code ce:rl:<action>:ip:<address>} and {@code ce:rl:<action>:acct:<hash>}, and
 * {@code ce:rl:login-failures:<hash>} for failed logins of an account. Accounts appear only as a SHA-256 of the
 * normalised e-mail (or user id), so Redis holds no e-mail addresses. A window ends on its own (key TTL): nobody
 * is locked out for longer than one window.
 *
 * <p>When Redis cannot be reached the limiter lets requests through (and logs): the limits protect the service,
 * they must not take logins down with them.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** INCR, start the window on the first hit, answer {count, milliseconds left}. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> HIT = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if count == 1 or ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """, List.class);

    private final StringRedisTemplate redis;
    private final RateLimitProperties properties;

    public RateLimiter(StringRedisTemplate redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /**
     * Counts one request of {@code action} from {@code address} for {@code account} (either may be null).
     *
     * @throws RateLimitedException when either counter is over its limit in the current window
     */
    public void check(Action action, String address, String account) {
        if (!properties.enabled()) {
            return;
        }
        Limit limit = properties.limitOf(action);
        long retryAfter = 0;
        if (address != null) {
            retryAfter = Math.max(retryAfter, hit("ce:rl:" + action.key() + ":ip:" + address, limit.perIp(),
                    limit.window()));
        }
        if (account != null) {
            retryAfter = Math.max(retryAfter, hit("ce:rl:" + action.key() + ":acct:" + digest(account),
                    limit.perAccount(), limit.window()));
        }
        if (action == Action.LOGIN && account != null) {
            retryAfter = Math.max(retryAfter, failureLock(account));
        }
        if (retryAfter > 0) {
            throw new RateLimitedException(retryAfter);
        }
    }

    /** Remembers a failed login of {@code account}; enough of them in a window block its logins until it ends. */
    public void recordLoginFailure(String account) {
        if (!properties.enabled()) {
            return;
        }
        try {
            redis.execute(HIT, List.of(failuresKey(account)),
                    String.valueOf(properties.loginFailures().window().toMillis()));
        } catch (RuntimeException e) {
            log.warn("Rate limiter: Redis unavailable, login failure not counted: {}", e.toString());
        }
    }

    /** After a successful login or a password reset, the account starts with a clean slate. */
    public void clearLoginFailures(String account) {
        if (!properties.enabled()) {
            return;
        }
        try {
            redis.delete(failuresKey(account));
        } catch (RuntimeException e) {
            log.warn("Rate limiter: Redis unavailable, login failures not cleared: {}", e.toString());
        }
    }

    /** @return seconds until the window of this counter ends if it is over {@code max}, else 0 */
    private long hit(String key, int max, Duration window) {
        try {
            List<?> result = redis.execute(HIT, List.of(key), String.valueOf(window.toMillis()));
            long count = ((Number) result.get(0)).longValue();
            long ttlMillis = ((Number) result.get(1)).longValue();
            return count > max ? seconds(ttlMillis) : 0;
        } catch (RuntimeException e) {
            log.warn("Rate limiter: Redis unavailable, request let through: {}", e.toString());
            return 0;
        }
    }

    private long failureLock(String account) {
        try {
            String key = failuresKey(account);
            String count = redis.opsForValue().get(key);
            if (count == null || Long.parseLong(count) < properties.loginFailures().max()) {
                return 0;
            }
            Long ttl = redis.getExpire(key, java.util.concurrent.TimeUnit.MILLISECONDS);
            return seconds(ttl == null || ttl < 0 ? properties.loginFailures().window().toMillis() : ttl);
        } catch (RuntimeException e) {
            log.warn("Rate limiter: Redis unavailable, failure lock not checked: {}", e.toString());
            return 0;
        }
    }

    private String failuresKey(String account) {
        return "ce:rl:login-failures:" + digest(account);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    static String digest(String account) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(account.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
