package io.containerengine.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.containerengine.contracts.AppTrafficReported;

class TrafficRecorderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);
    private static final Instant T2 = T1.plusSeconds(10);

    private final TrafficRecorder recorder = new TrafficRecorder("gw-test");
    private final UUID app = UUID.randomUUID();

    @Test
    void countsRequestsByStatusClassAndLatencyBucketForOneWindow() {
        recorder.record(app, 200, ms(1));
        recorder.record(app, 204, ms(5));      // bounds are inclusive: still the 5 ms bucket
        recorder.record(app, 301, ms(6));
        recorder.record(app, 404, ms(30));
        recorder.record(app, 502, ms(700));
        recorder.record(app, 503, ms(20_000)); // above the largest bound
        recorder.record(app, 101, ms(2));      // a protocol switch: counted, in no status class

        List<AppTrafficReported> reports = recorder.drain(T0, T1);

        assertThat(reports).hasSize(1);
        AppTrafficReported r = reports.get(0);
        assertThat(r.deploymentId()).isEqualTo(app);
        assertThat(r.gatewayInstance()).isEqualTo("gw-test");
        assertThat(r.windowStart()).isEqualTo(T0);
        assertThat(r.windowEnd()).isEqualTo(T1);
        assertThat(r.requests()).isEqualTo(7);
        assertThat(List.of(r.status2xx(), r.status3xx(), r.status4xx(), r.status5xx())).containsExactly(2L, 1L, 1L, 2L);
        assertThat(r.latencySumMs()).isEqualTo(1 + 5 + 6 + 30 + 700 + 20_000 + 2);
        assertThat(r.latencyBucketBoundsMs()).containsExactly(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L,
                5000L, 10000L);
        assertThat(r.latencyBucketCounts()).containsExactly(3L, 1L, 0L, 1L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 1L);
        assertThat(r.latencyBucketCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.requests());
    }

    @Test
    void aFlushResetsTheWindowAndIdleDeploymentsSendNothingAndAreForgotten() {
        UUID busy = UUID.randomUUID();
        recorder.record(app, 200, ms(1));
        recorder.record(busy, 200, ms(1));
        assertThat(recorder.drain(T0, T1)).extracting(AppTrafficReported::deploymentId)
                .containsExactlyInAnyOrder(app, busy);

        recorder.record(busy, 500, ms(3));
        List<AppTrafficReported> second = recorder.drain(T1, T2);
        assertThat(second).extracting(AppTrafficReported::deploymentId).containsExactly(busy);
        assertThat(second.get(0).requests()).isEqualTo(1); // a delta, not a running total
        assertThat(second.get(0).status2xx()).isZero();
        assertThat(second.get(0).status5xx()).isEqualTo(1);
        assertThat(second.get(0).windowStart()).isEqualTo(T1);

        assertThat(recorder.drain(T2, T2.plusSeconds(10))).isEmpty();
        assertThat(recorder.trackedDeployments()).isEqualTo(1); // app idle twice: gone; busy idle once: kept
        assertThat(recorder.drain(T2, T2.plusSeconds(20))).isEmpty();
        assertThat(recorder.trackedDeployments()).isZero();

        recorder.record(app, 200, ms(1)); // an evicted deployment starts counting afresh
        assertThat(recorder.drain(T2, T2.plusSeconds(30))).singleElement()
                .satisfies(r -> assertThat(r.requests()).isEqualTo(1));
    }

    @Test
    void trackRecordsTheStatusSetWhenTheResponseIsCommitted() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x").build());
        recorder.track(exchange, app);
        assertThat(recorder.drain(T0, T1)).isEmpty(); // nothing until the response is committed

        exchange.getResponse().setStatusCode(HttpStatus.GATEWAY_TIMEOUT);
        exchange.getResponse().setComplete().block();

        AppTrafficReported r = recorder.drain(T1, T2).get(0);
        assertThat(r.requests()).isEqualTo(1);
        assertThat(r.status5xx()).isEqualTo(1);
    }

    @Test
    void concurrentRecordingLosesNothingAcrossFlushes() throws Exception {
        // flushes back to back (not 10 s apart): eviction off, it is covered above
        TrafficRecorder recorder = new TrafficRecorder("gw-test", Integer.MAX_VALUE);
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    recorder.record(app, 200, ms(i % 30));
                }
                done.countDown();
            });
        }
        long total = 0;
        long ok = 0;
        while (done.getCount() > 0) {
            for (AppTrafficReported r : recorder.drain(T0, T1)) {
                total += r.requests();
                ok += r.status2xx();
            }
        }
        for (AppTrafficReported r : recorder.drain(T0, T1)) {
            total += r.requests();
            ok += r.status2xx();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(total).isEqualTo((long) threads * perThread);
        assertThat(ok).isEqualTo((long) threads * perThread);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
