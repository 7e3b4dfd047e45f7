package io.containerengine.gateway.traffic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.containerengine.contracts.AppTrafficReported;
import reactor.core.publisher.Mono;

/**
 * Counts the app requests of each deployment: total (= the histogram's sum), by status class and as a
 * fixed-bucket latency histogram (request reaching the app route to response committed) plus the latency sum.
 * The hot path is a map read and a few {@link LongAdder} increments (no locks; the only allocation is the commit
 * callback the response needs anyway). {@link #drain} hands out the counts since the previous drain and resets
 * them: each increment lands in exactly one window (LongAdder's reset takes each cell atomically), though a
 * request recorded while a drain runs may have its status in one window and its latency in the next.
 */
public class TrafficRecorder {

    /** Inclusive upper bounds (ms) of the finite latency buckets; one more bucket counts everything above. */
    public static final long[] BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    private static final List<Long> BOUNDS_LIST = Arrays.stream(BOUNDS_MS).boxed().toList();
    private static final long[] BOUNDS_NANOS = Arrays.stream(BOUNDS_MS)
            .map(TimeUnit.MILLISECONDS::toNanos).toArray();
    /** A deployment idle this many windows in a row is forgotten (deleted apps must not stay in memory). */
    static final int IDLE_WINDOWS_BEFORE_EVICTION = 2;

    private static final int BUCKETS = BOUNDS_MS.length + 1;
    /** Per window: the buckets, then 2xx, 3xx, 4xx, 5xx, then the latency sum in nanoseconds. */
    private static final int VALUES = BUCKETS + 5;

    private final Map<UUID, Counters> byDeployment = new ConcurrentHashMap<>();
    /** Counters evicted at the previous drain, drained once more at the next. Only used by the draining thread. */
    private final List<Map.Entry<UUID, Counters>> retired = new ArrayList<>();
    private final String instanceId;

    private final int idleWindowsBeforeEviction;

    public TrafficRecorder(String instanceId) {
        this(instanceId, IDLE_WINDOWS_BEFORE_EVICTION);
    }

    TrafficRecorder(String instanceId, int idleWindowsBeforeEviction) {
        this.instanceId = instanceId;
        this.idleWindowsBeforeEviction = idleWindowsBeforeEviction;
    }

    /**
     * Starts timing an app request of {@code deploymentId} now; it is recorded with its status when the
     * response is committed (proxied answer, or the gateway's own 502/503/504 error). A request whose client
     * goes away before any response is never recorded.
     */
    public void track(ServerWebExchange exchange, UUID deploymentId) {
        long start = System.nanoTime();
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            var status = response.getStatusCode();
            record(deploymentId, status == null ? 200 : status.value(), System.nanoTime() - start);
            return Mono.empty();
        });
    }

    /** Records one request of {@code deploymentId} answered with {@code status} after {@code latencyNanos}. */
    public void record(UUID deploymentId, int status, long latencyNanos) {
        Counters counters = byDeployment.get(deploymentId);
        if (counters == null) {
            counters = byDeployment.computeIfAbsent(deploymentId, id -> new Counters());
        }
        counters.record(status, Math.max(0, latencyNanos));
    }

    /**
     * The traffic since the previous drain, one report per deployment that had requests; counters restart
     * from zero. A deployment idle for {@value #IDLE_WINDOWS_BEFORE_EVICTION} windows is dropped from memory;
     * its counters are drained once more at the next call, so an increment racing with the removal still
     * counts (in the next window) unless its thread stalled for a whole flush interval between reading the
     * map and incrementing: acceptable for metrics. Called by one thread at a time.
     */
    public List<AppTrafficReported> drain(Instant windowStart, Instant windowEnd) {
        Map<UUID, long[]> totals = new HashMap<>();
        for (Map.Entry<UUID, Counters> gone : retired) {
            long[] values = gone.getValue().drain();
            if (values != null) {
                totals.merge(gone.getKey(), values, TrafficRecorder::add);
            }
        }
        retired.clear();
        for (Map.Entry<UUID, Counters> entry : byDeployment.entrySet()) {
            Counters c = entry.getValue();
            long[] values = c.drain();
            if (values != null) {
                c.idleWindows = 0;
                totals.merge(entry.getKey(), values, TrafficRecorder::add);
            } else if (++c.idleWindows >= idleWindowsBeforeEviction && byDeployment.remove(entry.getKey(), c)) {
                retired.add(Map.entry(entry.getKey(), c));
            }
        }
        List<AppTrafficReported> reports = new ArrayList<>(totals.size());
        totals.forEach((id, v) -> reports.add(report(id, v, windowStart, windowEnd)));
        return reports;
    }

    private AppTrafficReported report(UUID deploymentId, long[] v, Instant windowStart, Instant windowEnd) {
        List<Long> counts = new ArrayList<>(BUCKETS);
        long requests = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts.add(v[i]);
            requests += v[i];
        }
        return new AppTrafficReported(deploymentId, instanceId, windowStart, windowEnd, requests, v[BUCKETS],
                v[BUCKETS + 1], v[BUCKETS + 2], v[BUCKETS + 3], TimeUnit.NANOSECONDS.toMillis(v[BUCKETS + 4]),
                BOUNDS_LIST, counts);
    }

    private static long[] add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** Deployments currently held in memory (for tests). */
    int trackedDeployments() {
        return byDeployment.size();
    }

    public String instanceId() {
        return instanceId;
    }

    /** One deployment's counters for the current window. */
    static final class Counters {
        private final LongAdder[] buckets = adders(BUCKETS);
        /** 2xx, 3xx, 4xx, 5xx. */
        private final LongAdder[] statusClasses = adders(4);
        private final LongAdder latencyNanos = new LongAdder();
        /** Only read and written by the draining thread. */
        int idleWindows;

        void record(int status, long nanos) {
            int cls = status / 100 - 2;
            if (cls >= 0 && cls < 4) {
                statusClasses[cls].increment();
            } else if (status >= 600) {
                statusClasses[3].increment(); // nonsense upstream status: an app failure
            }
            latencyNanos.add(nanos);
            int bucket = 0;
            while (bucket < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[bucket]) {
                bucket++;
            }
            buckets[bucket].increment();
        }

        /** Takes the window's values (buckets, 2xx..5xx, latency nanos), or null when all were zero. */
        long[] drain() {
            long[] v = new long[VALUES];
            boolean any = false;
            for (int i = 0; i < BUCKETS; i++) {
                v[i] = buckets[i].sumThenReset();
                any |= v[i] != 0;
            }
            for (int i = 0; i < 4; i++) {
                v[BUCKETS + i] = statusClasses[i].sumThenReset();
                any |= v[BUCKETS + i] != 0;
            }
            v[BUCKETS + 4] = latencyNanos.sumThenReset();
            return any || v[BUCKETS + 4] != 0 ? v : null;
        }

        private static LongAdder[] adders(int n) {
            LongAdder[] out = new LongAdder[n];
            for (int i = 0; i < n; i++) {
                out[i] = new LongAdder();
            }
            return out;
        }
    }
}
