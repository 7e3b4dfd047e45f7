package io.containerengine.deployments.traffic;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

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
    private volatile ScheduledExecutorService timer;

    public AppTrafficPruner(AppTrafficRepository repository, TrafficProperties properties) {
        this.repository = repository;
        this.properties = properties;
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
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-prune");
            t.setDaemon(true);
            return t;
        });
        long every = properties.pruneInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                prune();
            } catch (RuntimeException e) {
                log.warn("Pruning the traffic history failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        timer = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
