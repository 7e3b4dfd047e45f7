package io.containerengine.notifications;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pingInterval    how often the server pings each socket; a socket that has sent nothing (not even the
 *                        pong) since the previous ping is closed
 * @param outboundBuffer  frames queued per socket for a slow reader before the socket is closed
 * @param recentEventIds  how many consumed event ids are remembered to drop redelivered events
 * @param maxEventAge     the shared consumer group turns older events into no webhook or e-mail (a new group
 *                        starts at the earliest offset so nothing is lost; this keeps it from replaying history)
 * @param history         how long finished webhook deliveries and e-mails are kept (delivery logs)
 */
@ConfigurationProperties("ce.notifications")
public record NotificationProperties(Duration pingInterval, int outboundBuffer, int recentEventIds,
        Duration maxEventAge, Duration history) {

    public NotificationProperties {
        pingInterval = pingInterval == null ? Duration.ofSeconds(25) : pingInterval;
        outboundBuffer = outboundBuffer <= 0 ? 256 : outboundBuffer;
        recentEventIds = recentEventIds <= 0 ? 10_000 : recentEventIds;
        maxEventAge = maxEventAge == null ? Duration.ofHours(24) : maxEventAge;
        history = history == null ? Duration.ofDays(30) : history;
    }
}
