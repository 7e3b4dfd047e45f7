package io.containerengine.deployments.traffic;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * App traffic reported by the gateways ({@code ce.traffic.*}).
 *
 * @param window                   the span the metrics endpoint summarises (whole minutes: the minutes that start
 *                                 within it, the current one included)
 * @param retention                how long per-minute buckets are kept (also the span of {@code total_24h})
 * @param pruneInterval            how often old buckets, buckets of deleted deployments and old processed event
 *                                 ids are deleted
 * @param processedEventsRetention how long consumed event ids (all consumers of this service) are remembered;
 *                                 longer than any redelivery (Kafka's default retention is 7 days)
 */
@ConfigurationProperties("ce.traffic")
public record TrafficProperties(
        @DefaultValue("5m") Duration window,
        @DefaultValue("24h") Duration retention,
        @DefaultValue("10m") Duration pruneInterval,
        @DefaultValue("8d") Duration processedEventsRetention) {
}
