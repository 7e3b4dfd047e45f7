package io.containerengine.gateway.traffic;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-app traffic reports ({@code ce.gateway.traffic}).
 *
 * @param enabled       count app requests and publish {@code deployment.traffic_reported} (default true)
 * @param flushInterval length of a report window (default 10s; env {@code CE_GATEWAY_TRAFFIC_FLUSH_INTERVAL})
 * @param instanceId    this gateway's id in the reports (default: a random UUID per start)
 * @param sendTimeout   how long the last flush at shutdown waits for Kafka to acknowledge (default 3s)
 */
@ConfigurationProperties("ce.gateway.traffic")
public record TrafficProperties(
        Boolean enabled,
        Duration flushInterval,
        String instanceId,
        Duration sendTimeout) {

    public TrafficProperties {
        enabled = enabled == null || enabled;
        flushInterval = flushInterval == null || flushInterval.isZero() || flushInterval.isNegative()
                ? Duration.ofSeconds(10) : flushInterval;
        instanceId = instanceId == null || instanceId.isBlank() ? UUID.randomUUID().toString() : instanceId.trim();
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(3) : sendTimeout;
    }
}
