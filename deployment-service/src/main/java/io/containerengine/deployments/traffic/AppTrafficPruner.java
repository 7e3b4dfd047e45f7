package io.containerengine.deployments.traffic;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.containerengine.common.scheduling.PeriodicTask;

/**
 * Keeps the traffic history bounded: every {@code ce.traffic.prune-interval} deletes minutes older than the
 * retention, the minutes of deleted deployments, and processed event ids older than their retention.
 */
@Component
public class AppTrafficPruner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AppTrafficPruner.class);

    private final AppTrafficRepository repository;
    private final TrafficProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final PeriodicTask timer;

    public AppTrafficPruner(AppTrafficRepository repository, TrafficProperties properties) {
        this.repository = repository;
        this.properties = properties;
        this.timer = new PeriodicTask("traffic-prune", properties.pruneInterval(), this::prune,
                e -> log.warn("Pruning the traffic history failed: {}", e.toString()));
    }

    /** One pruning pass; returns the traffic rows deleted. */
    public int prune() {
        Instant now = clock.instant();
        int minutes = repository.prune(now.minus(properties.retention()));
        int events = repository.pruneProcessedEvents(now.minus(properties.processedEventsRetention()));
        if (minutes > 0 || events > 0) {
            log.debug("Pruned {} traffic minute(s) and {} processed event id(s)", minutes, events);
        }
        return minutes;
    }

    @Override
    public void start() {
        timer.start();
    }

    @Override
    public void stop() {
        timer.stop();
    }

    @Override
    public boolean isRunning() {
        return timer.isRunning();
    }
}
