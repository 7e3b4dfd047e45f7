package io.containerengine.deployments.traffic;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Requests to an app as the gateways saw them, over the last {@code windowSeconds} (the minutes that start in
 * it, from {@code since}, the current minute included; reports lag up to one gateway flush interval).
 *
 * @param perSecond {@code count} divided by the seconds from {@code since} to now
 * @param total24h  requests over the retention (24 h)
 */
public record RequestMetrics(
        long windowSeconds,
        Instant since,
        long count,
        double perSecond,
        Status status,
        Latency latencyMs,
        @JsonProperty("total_24h") long total24h) {

    public record Status(
            @JsonProperty("2xx") long s2xx,
            @JsonProperty("3xx") long s3xx,
            @JsonProperty("4xx") long s4xx,
            @JsonProperty("5xx") long s5xx) {
    }

    /**
     * Percentiles from the histogram: the upper bound (ms) of the bucket the rank falls in, so "at most"; above
     * the largest bound (10 s) they read 10000. Null without requests; {@code mean} is exact (sum / count).
     */
    public record Latency(Long p50, Long p95, Long p99, Double mean) {
    }
}
