package io.containerengine.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The requests one gateway instance proxied to one deployment's app during one flush window
 * ({@code [windowStart, windowEnd)}). Counters are deltas for the window, not running totals, so reports of
 * several gateway instances (and windows) add up. Sent only for windows with traffic.
 *
 * @param gatewayInstance         id of the reporting gateway process (random per start unless configured)
 * @param requests                requests whose response was committed in the window (= sum of the bucket counts)
 * @param status2xx               responses with a 2xx status (WebSocket handshakes included); 3xx..5xx alike,
 *                                5xx including the 502/503/504 the gateway answers itself when the app fails
 * @param latencySumMs            sum of the latencies (request in to response committed), in milliseconds
 * @param latencyBucketBoundsMs   inclusive upper bounds of the finite histogram buckets, ascending
 * @param latencyBucketCounts     requests per bucket: one more entry than the bounds, the last one being
 *                                "above the largest bound" (+inf); not cumulative
 */
public record AppTrafficReported(
        UUID deploymentId,
        String gatewayInstance,
        Instant windowStart,
        Instant windowEnd,
        long requests,
        @JsonProperty("status_2xx") long status2xx,
        @JsonProperty("status_3xx") long status3xx,
        @JsonProperty("status_4xx") long status4xx,
        @JsonProperty("status_5xx") long status5xx,
        long latencySumMs,
        List<Long> latencyBucketBoundsMs,
        List<Long> latencyBucketCounts) {

    public AppTrafficReported {
        latencyBucketBoundsMs = latencyBucketBoundsMs == null ? List.of() : List.copyOf(latencyBucketBoundsMs);
        latencyBucketCounts = latencyBucketCounts == null ? List.of() : List.copyOf(latencyBucketCounts);
    }
}
