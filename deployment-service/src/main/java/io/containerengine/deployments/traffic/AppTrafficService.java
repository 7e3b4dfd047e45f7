package io.containerengine.deployments.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.common.events.ProcessedEvents;
import io.containerengine.contracts.AppTrafficReported;
import io.containerengine.contracts.EventEnvelope;

/** Adds the gateways' traffic reports to the per-minute buckets and summarises them for the metrics endpoint. */
@Service
public class AppTrafficService {

    private static final Logger log = LoggerFactory.getLogger(AppTrafficService.class);

    private final AppTrafficRepository repository;
    private final ProcessedEvents processed;
    private final TrafficProperties properties;
    private final Clock clock;

    public AppTrafficService(AppTrafficRepository repository, ProcessedEvents processed, TrafficProperties properties) {
        this.repository = repository;
        this.processed = processed;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /**
     * Applies one {@code deployment.traffic_reported}, once per event id (recorded in the same transaction). The
     * report goes to the minute holding the middle of its window; a report older than the retention, or of an
     * unknown or deleted deployment, is dropped.
     */
    @Transactional
    public void apply(EventEnvelope envelope) {
        if (!processed.markProcessed(envelope.eventId())) {
            log.debug("Skipping already processed event {}", envelope.eventId());
            return;
        }
        AppTrafficReported r = envelope.payloadAs(AppTrafficReported.class);
        UUID id = r.deploymentId() != null ? r.deploymentId() : envelope.aggregateId();
        long[] buckets = AppTraffic.rebin(r.latencyBucketBoundsMs(), r.latencyBucketCounts());
        Instant end = r.windowEnd() != null ? r.windowEnd() : envelope.occurredAt();
        Instant start = r.windowStart() != null && !r.windowStart().isAfter(end) ? r.windowStart() : end;
        Instant minute = start.plus(Duration.between(start, end).dividedBy(2)).truncatedTo(ChronoUnit.MINUTES);
        if (minute.isBefore(clock.instant().minus(properties.retention()))) {
            return;
        }
        long requests = 0;
        for (long n : buckets) {
            requests += n;
        }
        if (!repository.add(id, minute, requests, r.status2xx(), r.status3xx(), r.status4xx(), r.status5xx(),
                r.latencySumMs(), buckets)) {
            log.debug("Traffic of unknown or deleted deployment {} dropped", id);
        }
    }

    /** The {@code requests} part of the metrics answer. */
    @Transactional(readOnly = true)
    public RequestMetrics summary(UUID deploymentId) {
        Instant now = clock.instant();
        Instant since = now.minus(properties.window()).truncatedTo(ChronoUnit.MINUTES);
        if (since.isBefore(now.minus(properties.window()))) {
            since = since.plus(1, ChronoUnit.MINUTES); // only minutes that start inside the window
        }
        List<AppTrafficRepository.Minute> minutes = repository.since(deploymentId, since);
        long count = 0;
        long sum = 0;
        long[] status = new long[4];
        long[] buckets = new long[AppTraffic.BUCKETS];
        for (AppTrafficRepository.Minute m : minutes) {
            count += m.requests();
            sum += m.latencySumMs();
            status[0] += m.status2xx();
            status[1] += m.status3xx();
            status[2] += m.status4xx();
            status[3] += m.status5xx();
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += m.buckets()[i];
            }
        }
        double covered = Math.max(1, Duration.between(since, now).toMillis() / 1000.0);
        long total = repository.requestsSince(deploymentId, now.minus(properties.retention()));
        return new RequestMetrics(properties.window().toSeconds(), since, count, round(count / covered, 3),
                new RequestMetrics.Status(status[0], status[1], status[2], status[3]),
                new RequestMetrics.Latency(AppTraffic.percentile(buckets, 50), AppTraffic.percentile(buckets, 95),
                        AppTraffic.percentile(buckets, 99), count == 0 ? null : round((double) sum / count, 1)),
                total);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
