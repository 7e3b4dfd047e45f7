package io.containerengine.gateway.apikeys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code last_used} without a write per request: each use of a cached key updates an in-memory time (at most once
 * a second per key, so the hot path is mostly a map read), and every {@code usage-report-interval} the latest use
 * of each key goes to apikey-service in batches of {@value #BATCH}. A failed report is put back for the next
 * round; the last round runs when the gateway stops. Uses that caused a verify call are recorded by
 * apikey-service itself.
 */
public class ApiKeyUsageReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyUsageReporter.class);

    /** The usage endpoint's limit per request. */
    static final int BATCH = 1000;
    private static final long RESOLUTION_MILLIS = 1000;

    private final Function<List<ApiKeyServiceClient.Usage>, Mono<Void>> report;
    private final Duration interval;
    private final Map<UUID, Long> pending = new ConcurrentHashMap<>();
    private volatile Disposable timer;

    public ApiKeyUsageReporter(Function<List<ApiKeyServiceClient.Usage>, Mono<Void>> report, Duration interval) {
        this.report = report;
        this.interval = interval;
    }

    /** The key was used at {@code nowMillis}. */
    public void record(UUID keyId, long nowMillis) {
        Long previous = pending.get(keyId);
        if (previous == null || nowMillis - previous >= RESOLUTION_MILLIS) {
            pending.merge(keyId, nowMillis, Math::max);
        }
    }

    /** Sends what was recorded since the last report; completes when every batch was answered or put back. */
    public Mono<Void> flush() {
        if (pending.isEmpty()) {
            return Mono.empty();
        }
        List<ApiKeyServiceClient.Usage> taken = new ArrayList<>();
        for (Map.Entry<UUID, Long> entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                taken.add(new ApiKeyServiceClient.Usage(entry.getKey(), Instant.ofEpochMilli(entry.getValue())));
            }
        }
        List<List<ApiKeyServiceClient.Usage>> batches = new ArrayList<>();
        for (int i = 0; i < taken.size(); i += BATCH) {
            batches.add(taken.subList(i, Math.min(taken.size(), i + BATCH)));
        }
        return Flux.fromIterable(batches)
                .concatMap(batch -> Mono.defer(() -> report.apply(batch))
                        .timeout(Duration.ofSeconds(10))
                        .onErrorResume(e -> {
                            log.warn("Could not report the use of {} API key(s), retrying later: {}", batch.size(),
                                    e.toString());
                            batch.forEach(u -> pending.merge(u.keyId(), u.lastUsed().toEpochMilli(), Math::max));
                            return Mono.empty();
                        }))
                .then();
    }

    @Override
    public void start() {
        timer = Flux.interval(interval, interval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> flush(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = timer;
        timer = null;
        if (current != null) {
            current.dispose();
            try {
                flush().block(Duration.ofSeconds(3));
            } catch (RuntimeException e) {
                log.warn("Last API key usage report failed: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        // stops before the web server and HTTP client resources (default phase) go away
        return SmartLifecycle.DEFAULT_PHASE - 10;
    }
}
