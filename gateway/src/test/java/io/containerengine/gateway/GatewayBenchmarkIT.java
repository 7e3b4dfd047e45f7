package io.containerengine.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.containerengine.benchstock.StockGatewayApp;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.Topics;
import io.containerengine.gateway.support.FakeApiKeyService;
import io.containerengine.gateway.support.Tokens;
import io.netty.handler.codec.http.HttpHeaderNames;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Requests per second and latency of GET requests, loopback only, against a trivial downstream (Reactor Netty
 * answering a small JSON): called directly; through a stock Spring Cloud Gateway application
 * ({@link StockGatewayApp}: its own Spring context in this JVM, one {@code /v1/**} route, default settings, no
 * checks), which is the baseline; through this gateway's {@code /bench/plain/**} route (no auth, but this app's
 * global filters); and through the API route with an API key (cache warm) and with an access token.
 * Each scenario gets a warm-up, then the measured requests run in interleaved slices, each slice in a rotated
 * order, so that the noise of a shared machine (GC, other processes) falls on every scenario alike. Writes
 * {@code ../bench/results/gateway.json}; asserts only that every request succeeded (no timed assertions).
 * Besides requests per second, the JVM's CPU time per request is recorded for each scenario; minus the direct
 * scenario's (client and downstream), it is the gateway's own cost per request, which other load on the machine
 * disturbs much less than throughput.
 *
 * <p>Profiling: with {@code -Dbench.jfr.dir=/some/dir}, each gateway scenario then runs once more on its own
 * under a JFR recording ({@code profile} settings), dumped to {@code <dir>/<scenario>.jfr}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ce.identity.secret=" + Tokens.IDENTITY_SECRET,
        "ce.gateway.jwt.secret=" + Tokens.JWT_SECRET,
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "logging.level.io.containerengine=WARN"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS, Topics.APIKEY_EVENTS}, partitions = 1)
class GatewayBenchmarkIT {

    private static final int WARMUP = 5_000;
    private static final int MEASURED = 20_000;
    private static final int SLICES = 4;
    private static final int CONCURRENCY = 16;
    private static final byte[] BODY = "{\"status\":\"ok\",\"items\":[1,2,3]}".getBytes();

    /**
     * The benchmark client and the downstream run on loops of their own, so that the gateways' loops (the
     * stock app's: Reactor Netty's global ones, as in production; the gateway's: its own, as
     * {@code @SpringBootTest} gives it) serve the gateway alone in both cases.
     */
    private static final LoopResources BENCH_LOOPS = LoopResources.create("bench", 2, true);
    private static final DisposableServer DOWNSTREAM = HttpServer.create().runOn(BENCH_LOOPS)
            .host("127.0.0.1").port(0)
            .handle((request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(BODY.length))
                    .sendByteArray(Mono.just(BODY)))
            .bindNow();
    private static final FakeApiKeyService API_KEYS = new FakeApiKeyService();
    private static final ConnectionProvider POOL = ConnectionProvider.builder("bench").maxConnections(CONCURRENCY * 2)
            .pendingAcquireMaxCount(-1).build();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        String downstream = "http://127.0.0.1:" + DOWNSTREAM.port();
        registry.add("ce.gateway.services.deployments", () -> downstream);
        registry.add("ce.gateway.services.api-keys", API_KEYS::url);
        registry.add("ce.gateway.bench.plain-uri", () -> downstream);
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void stop() {
        POOL.dispose();
        DOWNSTREAM.disposeNow();
        BENCH_LOOPS.dispose();
    }

    record Scenario(String name, String description, String url, String authorization) {
    }

    /** The baseline: a stock Spring Cloud Gateway app routing {@code /v1/**} to the downstream, defaults only. */
    private static ConfigurableApplicationContext startStockGateway() {
        return new SpringApplicationBuilder(StockGatewayApp.class).properties(
                // its own config name: the gateway's application.yml is on this classpath and must not apply
                "spring.config.name=stock-gateway",
                "server.port=0",
                "spring.main.banner-mode=off",
                "logging.level.io.containerengine=WARN",
                "spring.cloud.gateway.server.webflux.routes[0].id=downstream",
                "spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:" + DOWNSTREAM.port(),
                "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/v1/**")
                .run();
    }

    @Test
    void measuresGatewayAgainstDirectAndStockRouting() throws IOException {
        try (ConfigurableApplicationContext stock = startStockGateway()) {
            int stockPort = ((WebServerApplicationContext) stock).getWebServer().getPort();
            measure("http://127.0.0.1:" + stockPort);
        }
    }

    private void measure(String stockGateway) throws IOException {
        UUID user = UUID.randomUUID();
        String key = API_KEYS.issue(user, UUID.randomUUID(), null);
        String gateway = "http://127.0.0.1:" + port;
        List<Scenario> scenarios = List.of(
                new Scenario("direct", "the downstream called directly", "http://127.0.0.1:" + DOWNSTREAM.port()
                        + "/v1/deployments", null),
                new Scenario("stock_gateway", "stock Spring Cloud Gateway app (own context, one route, defaults)",
                        stockGateway + "/v1/deployments", null),
                new Scenario("plain_route", "this gateway's /bench/plain/** route, no auth (its global filters)",
                        gateway + "/bench/plain/v1/deployments", null),
                new Scenario("api_key", "API route with an API key (cache warm)", gateway + "/v1/deployments",
                        "Bearer " + key),
                new Scenario("access_token", "API route with a JWT access token (cache warm)",
                        gateway + "/v1/deployments", "Bearer " + Tokens.access(user)));
        HttpClient http = HttpClient.create(POOL).runOn(BENCH_LOOPS);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        for (Scenario scenario : scenarios) {
            run(http, scenario, WARMUP, new long[WARMUP], 0);
        }
        Map<String, long[]> latencies = new LinkedHashMap<>();
        Map<String, Long> elapsed = new LinkedHashMap<>();
        Map<String, Long> cpu = new LinkedHashMap<>();
        int slice = MEASURED / SLICES;
        for (int s = 0; s < SLICES; s++) {
            for (int n = 0; n < scenarios.size(); n++) {
                // each slice starts with another scenario, so no scenario always runs after the same one
                Scenario scenario = scenarios.get((n + s) % scenarios.size());
                long[] sample = latencies.computeIfAbsent(scenario.name(), name -> new long[MEASURED]);
                long cpuBefore = processCpuNanos();
                long took = run(http, scenario, slice, sample, s * slice);
                cpu.merge(scenario.name(), processCpuNanos() - cpuBefore, Long::sum);
                elapsed.merge(scenario.name(), took, Long::sum);
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        Map<String, Object> results = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            long[] sorted = latencies.get(scenario.name()).clone();
            Arrays.sort(sorted);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("description", scenario.description());
            figures.put("requests_per_second", Math.round(MEASURED / (elapsed.get(scenario.name()) / 1e9)));
            double cpuMicros = cpu.get(scenario.name()) / 1e3 / MEASURED;
            figures.put("process_cpu_us_per_request", Math.round(cpuMicros * 10) / 10.0);
            figures.put("gateway_cpu_us_per_request",
                    Math.round((cpuMicros - cpu.get("direct") / 1e3 / MEASURED) * 10) / 10.0);
            figures.put("p50_ms", millis(percentile(sorted, 0.50)));
            figures.put("p90_ms", millis(percentile(sorted, 0.90)));
            figures.put("p99_ms", millis(percentile(sorted, 0.99)));
            figures.put("max_ms", millis(sorted[sorted.length - 1]));
            results.put(scenario.name(), figures);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "gateway GET throughput and latency, loopback");
        report.put("measured_at", Instant.now().toString());
        report.put("warmup_requests_per_scenario", WARMUP);
        report.put("measured_requests_per_scenario", MEASURED);
        report.put("interleaved_slices", SLICES);
        report.put("concurrency", CONCURRENCY);
        report.put("downstream", "Reactor Netty, " + BODY.length + "-byte JSON");
        report.put("api_key_verify_calls", API_KEYS.verifyCalls(key));
        report.put("machine", Map.of(
                "cpus", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"),
                "load_average_before", loadBefore,
                "load_average_after", loadAfter));
        long stockRps = rps(results, "stock_gateway");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("api_key_vs_stock_ratio", ratio(rps(results, "api_key"), stockRps));
        ratios.put("access_token_vs_stock_ratio", ratio(rps(results, "access_token"), stockRps));
        ratios.put("plain_route_vs_stock_ratio", ratio(rps(results, "plain_route"), stockRps));
        report.put("requests_per_second_vs_stock_gateway", ratios);
        Map<String, Object> cpuRatios = new LinkedHashMap<>();
        for (String name : List.of("api_key", "access_token", "plain_route")) {
            cpuRatios.put(name + "_vs_stock_ratio", ratio(gatewayCpu(results, name), gatewayCpu(results, "stock_gateway")));
        }
        report.put("gateway_cpu_per_request_vs_stock_gateway", cpuRatios);
        report.put("scenarios", results);
        Path out = Path.of("..", "bench", "results", "gateway.json").toAbsolutePath().normalize();
        Files.createDirectories(out.getParent());
        Files.writeString(out, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        System.out.println("Gateway benchmark written to " + out + ":\n" + Files.readString(out));

        assertThat(API_KEYS.verifyCalls(key)).isEqualTo(1);

        String jfrDir = System.getProperty("bench.jfr.dir");
        if (jfrDir != null) {
            profile(http, scenarios, Path.of(jfrDir));
        }
    }

    /** Runs each gateway scenario alone under a JFR recording (one file per scenario). */
    private static void profile(HttpClient http, List<Scenario> scenarios, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Scenario scenario : scenarios) {
            if (scenario.name().equals("direct")) {
                continue;
            }
            try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
                for (int i = 0; i < 3; i++) {
                    run(http, scenario, MEASURED, new long[MEASURED], 0);
                }
                recording.stop();
                recording.dump(dir.resolve(scenario.name() + ".jfr"));
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** CPU time of this whole JVM (client, downstream and gateways alike): the difference is the gateway's. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @SuppressWarnings("unchecked")
    private static double gatewayCpu(Map<String, Object> results, String scenario) {
        return (Double) ((Map<String, Object>) results.get(scenario)).get("gateway_cpu_us_per_request");
    }

    private static double ratio(double value, double baseline) {
        return Math.round(value * 1000.0 / baseline) / 1000.0;
    }

    @SuppressWarnings("unchecked")
    private static long rps(Map<String, Object> results, String scenario) {
        return (Long) ((Map<String, Object>) results.get(scenario)).get("requests_per_second");
    }

    private static double ratio(long value, long baseline) {
        return Math.round(value * 1000.0 / baseline) / 1000.0;
    }

    /** Sends {@code count} GETs, {@value #CONCURRENCY} at a time; latencies go to {@code into[offset..]}. */
    private static long run(HttpClient http, Scenario scenario, int count, long[] into, int offset) {
        HttpClient client = scenario.authorization() == null ? http
                : http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, scenario.authorization()));
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger index = new AtomicInteger(offset);
        long start = System.nanoTime();
        Flux.range(0, count)
                .flatMap(i -> {
                    long sent = System.nanoTime();
                    return client.get().uri(scenario.url())
                            .responseSingle((response, body) -> body.asByteArray().map(bytes -> {
                                if (response.status().code() != 200 || bytes.length != BODY.length) {
                                    failures.incrementAndGet();
                                }
                                into[index.getAndIncrement()] = System.nanoTime() - sent;
                                return bytes.length;
                            }));
                }, CONCURRENCY)
                .blockLast(Duration.ofMinutes(5));
        long took = System.nanoTime() - start;
        assertThat(failures).as("failed requests in " + scenario.name()).hasValue(0);
        return took;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
