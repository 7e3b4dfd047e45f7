package io.containerengine.gateway.revocation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Revocations of sessions and API keys ({@code ce.gateway.revocation}).
 *
 * @param redisUrl              where auth-service keeps the revocations for starting gateways ({@code REDIS_URL});
 *                              read at startup and when the event consumer is (re)assigned, never per request
 * @param accessTokenTtl        lifetime of an access token ({@code JWT_ACCESS_TTL}, as auth-service): how long a
 *                              revocation must be remembered
 * @param failClosedUntilLoaded while the Redis snapshot could not be loaded, refuse access tokens issued before
 *                              this gateway started (see {@code RevokedSessions})
 * @param startupLoadTimeout    how long startup waits for the snapshot before going on and retrying in background
 * @param retryMinBackoff       first retry delay of the snapshot while Redis is down
 * @param retryMaxBackoff       largest retry delay
 */
@ConfigurationProperties("ce.gateway.revocation")
public record RevocationProperties(
        String redisUrl,
        Duration accessTokenTtl,
        Boolean failClosedUntilLoaded,
        Duration startupLoadTimeout,
        Duration retryMinBackoff,
        Duration retryMaxBackoff) {

    public RevocationProperties {
        redisUrl = redisUrl == null || redisUrl.isBlank() ? "redis://127.0.0.1:6379" : redisUrl;
        accessTokenTtl = accessTokenTtl == null ? Duration.ofHours(1) : accessTokenTtl;
        failClosedUntilLoaded = failClosedUntilLoaded == null || failClosedUntilLoaded;
        startupLoadTimeout = startupLoadTimeout == null ? Duration.ofSeconds(3) : startupLoadTimeout;
        retryMinBackoff = retryMinBackoff == null ? Duration.ofSeconds(1) : retryMinBackoff;
        retryMaxBackoff = retryMaxBackoff == null ? Duration.ofSeconds(30) : retryMaxBackoff;
    }
}
