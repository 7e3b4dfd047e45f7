package io.containerengine.notifications.webhooks;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.containerengine.notifications.work.RetrySchedule;

/**
 * {@code ce.webhooks.*}.
 *
 * @param globalUrl            the spec's {@code WEBHOOK_URL}: receives every deployment started/completed/failed
 *                             (operator configuration, so not subject to the SSRF guard)
 * @param globalSecret         {@code WEBHOOK_SECRET}: signs the global deliveries when set
 * @param allowedHosts         host names, IPs or CIDRs the SSRF guard admits although not public (local runs, tests)
 * @param retryDelays          delays between attempts; attempts = delays + 1
 * @param jitter               random +/- fraction applied to each delay
 * @param attemptTimeout       whole-attempt limit (connect, send, response headers)
 * @param connectTimeout       TCP connect limit
 * @param disableAfterFailures consecutive failed attempts after which an endpoint is disabled and its owner told
 * @param maxEndpointsPerUser  endpoints a user may hold
 * @param pollInterval         fallback scan of the schedule (new rows wake the worker at once)
 * @param maxInFlight          concurrent attempts per instance
 */
@ConfigurationProperties("ce.webhooks")
public record WebhookProperties(
        String globalUrl,
        String globalSecret,
        List<String> allowedHosts,
        List<Duration> retryDelays,
        Double jitter,
        Duration attemptTimeout,
        Duration connectTimeout,
        Integer disableAfterFailures,
        Integer maxEndpointsPerUser,
        Duration pollInterval,
        Integer maxInFlight) {

    public WebhookProperties {
        globalUrl = globalUrl == null || globalUrl.isBlank() ? null : globalUrl.trim();
        globalSecret = globalSecret == null || globalSecret.isBlank() ? null : globalSecret.trim();
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        retryDelays = retryDelays == null || retryDelays.isEmpty()
                ? List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
                        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4),
                        Duration.ofHours(8), Duration.ofHours(12))
                : List.copyOf(retryDelays);
        jitter = jitter == null ? 0.2 : jitter;
        attemptTimeout = attemptTimeout == null ? Duration.ofSeconds(10) : attemptTimeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        disableAfterFailures = disableAfterFailures == null || disableAfterFailures < 1 ? 15 : disableAfterFailures;
        maxEndpointsPerUser = maxEndpointsPerUser == null || maxEndpointsPerUser < 1 ? 10 : maxEndpointsPerUser;
        pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
        maxInFlight = maxInFlight == null || maxInFlight < 1 ? 16 : maxInFlight;
    }

    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryDelays, jitter);
    }

    /** How long a claimed delivery is hidden from other workers: an instance dying mid-attempt frees it after. */
    public Duration claimLease() {
        return attemptTimeout.plus(connectTimeout).plusSeconds(30);
    }
}
