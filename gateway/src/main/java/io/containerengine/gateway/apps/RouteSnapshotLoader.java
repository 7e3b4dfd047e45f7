package io.containerengine.gateway.apps;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.function.client.WebClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.EventJson;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Loads the route table from deployment-service ({@code GET /internal/routes}, signed as the platform) once the
 * event consumer holds its partitions, so that every change after the snapshot arrives as an event. If Kafka
 * is not there within {@code snapshot-assignment-wait}, the snapshot loads anyway, and again when the
 * partitions do come. Retried in the background with backoff: deployment-service may start after the gateway.
 */
public class RouteSnapshotLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RouteSnapshotLoader.class);

    private final RouteTable table;
    private final InternalIdentity identity;
    private final AppsProperties properties;
    private final WebClient client;
    private final AtomicBoolean assigned = new AtomicBoolean();
    private final AtomicReference<Disposable> loading = new AtomicReference<>();
    private volatile Disposable fallback;
    private volatile boolean running;
    private volatile boolean loaded;
    private volatile boolean upToDate;

    public RouteSnapshotLoader(RouteTable table, InternalIdentity identity, AppsProperties properties,
            URI deploymentService, WebClient.Builder clients) {
        this.table = table;
        this.identity = identity;
        this.properties = properties;
        this.client = clients.baseUrl(deploymentService.toString()).build();
    }

    /** The event consumer got its partitions: load now, unless a snapshot taken after that is running. */
    public void partitionsAssigned() {
        if (assigned.compareAndSet(false, true)) {
            load();
        }
    }

    /** True once a snapshot has been applied. */
    public boolean isLoaded() {
        return loaded;
    }

    /**
     * True once a snapshot requested after the consumer got its partitions has been applied: from then on the
     * table follows events only, and no snapshot (which could predate an event) is pending.
     */
    public boolean isUpToDate() {
        return upToDate;
    }

    @Override
    public void start() {
        running = true;
        fallback = Mono.delay(properties.snapshotAssignmentWait()).subscribe(tick -> {
            if (!assigned.get()) {
                log.warn("Deployment events not assigned after {}; loading the route snapshot anyway",
                        properties.snapshotAssignmentWait());
                load();
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        Disposable timer = fallback;
        if (timer != null) {
            timer.dispose();
        }
        Disposable current = loading.getAndSet(null);
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void load() {
        boolean afterAssignment = assigned.get();
        upToDate = false;
        Disposable next = Mono.defer(this::fetchOnce)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.snapshotMinBackoff())
                        .maxBackoff(properties.snapshotMaxBackoff())
                        .doBeforeRetry(signal -> log.info("Route snapshot not loaded yet ({}), retrying",
                                signal.failure().toString())))
                .subscribe(count -> {
                    loaded = true;
                    upToDate = afterAssignment;
                    log.info("Route snapshot loaded: {} app route(s)", count);
                }, error -> log.error("Route snapshot failed", error));
        Disposable previous = loading.getAndSet(next);
        if (previous != null) {
            previous.dispose();
        }
    }

    private Mono<Integer> fetchOnce() {
        Object marker = table.beginSnapshot();
        return client.get()
                .uri("/internal/routes")
                .header(InternalIdentity.HEADER, identity.sign(InternalIdentity.SYSTEM))
                .retrieve()
                .bodyToMono(String.class)
                .timeout(Duration.ofSeconds(10))
                .map(body -> {
                    RoutesResponse response = EventJson.mapper().readValue(body, RoutesResponse.class);
                    List<RouteTable.Snapshot> routes = response.routes() == null ? List.of()
                            : response.routes().stream()
                                    .filter(r -> r.deploymentId() != null && r.host() != null)
                                    .map(r -> new RouteTable.Snapshot(r.deploymentId(), r.host(),
                                            r.endpoints() == null ? List.of() : r.endpoints()))
                                    .toList();
                    table.applySnapshot(marker, routes);
                    return routes.size();
                });
    }

    /** The body of {@code GET /internal/routes} (snake_case). */
    record RoutesResponse(List<Route> routes) {
        record Route(UUID deploymentId, String host, List<String> endpoints) {
        }
    }
}
