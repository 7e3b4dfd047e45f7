package io.containerengine.gateway.apikeys;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API keys at the gateway ({@code ce.gateway.api-keys}).
 *
 * @param cacheSize           verified keys remembered (bounded: when full of live keys, an arbitrary tenth is dropped)
 * @param cacheTtl            how long a verified key is trusted without asking apikey-service again; also the
 *                            longest a revoked key can stay accepted while revocation events can't be read
 * @param negativeCacheSize   unknown keys remembered (kept apart, so a flood of bad keys can't evict good ones)
 * @param negativeTtl         how long an unknown/revoked/expired key is answered 401 without asking again
 * @param verifyTimeout       longest wait for apikey-service on a cache miss (then 503)
 * @param usageReportInterval how often {@code last_used} is reported to apikey-service, in one batch
 */
@ConfigurationProperties("ce.gateway.api-keys")
public record ApiKeysProperties(
        Integer cacheSize,
        Duration cacheTtl,
        Integer negativeCacheSize,
        Duration negativeTtl,
        Duration verifyTimeout,
        Duration usageReportInterval) {

    public ApiKeysProperties {
        cacheSize = cacheSize == null ? 10_000 : cacheSize;
        cacheTtl = cacheTtl == null ? Duration.ofMinutes(5) : cacheTtl;
        negativeCacheSize = negativeCacheSize == null ? 10_000 : negativeCacheSize;
        negativeTtl = negativeTtl == null ? Duration.ofSeconds(5) : negativeTtl;
        verifyTimeout = verifyTimeout == null ? Duration.ofSeconds(3) : verifyTimeout;
        usageReportInterval = usageReportInterval == null ? Duration.ofSeconds(30) : usageReportInterval;
    }
}
