package io.containerengine.notifications.work;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts: attempt 1 runs at once, attempt {@code n+1} after {@code delays[n-1]} with +/- jitter,
 * so receivers recovering from an outage are not hit by every sender at the same instant.
 *
 * @param jitter fraction of each delay added or removed at random (0.2 = +/-20 %)
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("at least one retry delay is needed");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** @return the delay before the next attempt after {@code attemptsMade} failures, or null when spent */
    public Duration delayAfter(int attemptsMade) {
        if (attemptsMade < 1 || attemptsMade >= maxAttempts()) {
            return null;
        }
        Duration base = delays.get(attemptsMade - 1);
        if (jitter == 0) {
            return base;
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * factor)));
    }
}
