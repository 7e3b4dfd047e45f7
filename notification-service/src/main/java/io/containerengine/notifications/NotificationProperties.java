package io.containerengine.notifications;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pingInterval    how often the server pings each socket; a socket that has sent nothing (not even the
 *                        pong) since the previous ping is closed
 * @param outboundBuffer  frames queued per socket for a slow reader before the socket is closed
 * @param recentEventIds  how many consumed event ids are remembered to drop redelivered events
 */
@ConfigurationProperties("ce.notifications")
public record NotificationProperties(Duration pingInterval, int outboundBuffer, int recentEventIds) {

    public NotificationProperties {
        pingInterval = pingInterval == null ? Duration.ofSeconds(25) : pingInterval;
        outboundBuffer = outboundBuffer <= 0 ? 256 : outboundBuffer;
        recentEventIds = recentEventIds <= 0 ? 10_000 : recentEventIds;
    }
}
