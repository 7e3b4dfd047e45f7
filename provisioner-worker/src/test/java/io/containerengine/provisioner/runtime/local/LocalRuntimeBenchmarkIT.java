package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static io.containerengine.provisioner.runtime.local.RuntimeHarness.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runtime-level figures on this machine (image already local, shared podman service): apply → ready (the
 * {@code running} observation) and → the app answering on its endpoint, 20 times; scale 1 → 5 → 1, 3 times.
 * Writes {@code ../bench/results/local-runtime.json}; asserts only that everything converged, never a time.
 */
class LocalRuntimeBenchmarkIT {

    private static final Logger log = LoggerFactory.getLogger(LocalRuntimeBenchmarkIT.class);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int RUNS = 20;
    static final int SCALE_RUNS = 3;

    @Test
    void measuresApplyToReadyAndScaling() throws Exception {
        try (RuntimeHarness h = new RuntimeHarness(44400, 44499)) {
            once(h); // warm-up: class loading, connection pool
            List<Double> toReady = new ArrayList<>();
            List<Double> toAnswer = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                UUID id = UUID.randomUUID();
                long start = System.nanoTime();
                h.apply(state(id, 1, TestImages.SAMPLE, 1, Map.of(), null, null));
                DeploymentObserved running = h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
                toReady.add(ms(start));
                assertThat(get(running.endpoints().get(0), "/").statusCode()).isEqualTo(200);
                toAnswer.add(ms(start));
                delete(h, id);
            }
            List<Double> up = new ArrayList<>();
            List<Double> down = new ArrayList<>();
            List<Double> downRemoved = new ArrayList<>();
            for (int i = 0; i < SCALE_RUNS; i++) {
                UUID id = UUID.randomUUID();
                h.apply(state(id, 1, TestImages.SAMPLE, 1, Map.of(), null, null));
                h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
                long start = System.nanoTime();
                h.apply(state(id, 2, TestImages.SAMPLE, 5, Map.of(), null, null));
                h.await(id, WAIT, o -> o.generation() == 2 && o.phase() == ObservedPhase.RUNNING);
                up.add(ms(start));
                start = System.nanoTime();
                h.apply(state(id, 3, TestImages.SAMPLE, 1, Map.of(), null, null));
                h.await(id, WAIT, o -> o.generation() == 3 && o.phase() == ObservedPhase.RUNNING);
                down.add(ms(start));
                Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                        .until(() -> h.containers(id).size() == 1);
                downRemoved.add(ms(start));
                delete(h, id);
            }

            Map<String, Object> results = new LinkedHashMap<>();
            results.put("benchmark", "local-runtime");
            results.put("measured_at", Instant.now().toString());
            results.put("machine", Runtime.getRuntime().availableProcessors() + " cores; podman API at "
                    + RuntimeHarness.SHARED_PODMAN + "; image " + TestImages.SAMPLE + " already local");
            // other builds share the machine: the load says how quiet it was
            results.put("load_average_1_5_15", loadAverage());
            results.put("apply_to_ready_ms", stats(toReady));
            results.put("apply_to_answering_ms", stats(toAnswer));
            results.put("scale_1_to_5_ready_ms", stats(up));
            results.put("scale_5_to_1_reported_ms", stats(down));
            results.put("scale_5_to_1_containers_removed_ms", stats(downRemoved));
            Path file = Path.of("..", "bench", "results", "local-runtime.json").toAbsolutePath().normalize();
            Files.createDirectories(file.getParent());
            Files.writeString(file, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(results) + "\n");
            log.info("benchmark written to {}: {}", file, results);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void once(RuntimeHarness h) {
        UUID id = UUID.randomUUID();
        h.apply(state(id, 1, TestImages.SAMPLE, 1, Map.of(), null, null));
        h.await(id, WAIT, o -> o.phase() == ObservedPhase.RUNNING);
        delete(h, id);
    }

    private static void delete(RuntimeHarness h, UUID id) {
        DeploymentDesiredState d = h.desired.remove(id);
        h.executor.submit(id, () -> h.runtime.delete(new DeploymentDeleted(id, d.userId(), d.appName(), d.host(),
                d.generation() + 1))).join();
    }

    private static double ms(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }

    static Map<String, Object> stats(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("runs", sorted.size());
        s.put("median", percentile(sorted, 50));
        s.put("p99", percentile(sorted, 99));
        s.put("min", sorted.get(0));
        s.put("max", sorted.get(sorted.size() - 1));
        s.put("all", values);
        return s;
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
