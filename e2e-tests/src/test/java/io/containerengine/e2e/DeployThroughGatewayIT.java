package io.containerengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton, end to end and for real: the packaged platform started by {@code bin/ce up} (real
 * PostgreSQL, Kafka broker, podman), driven only through the gateway as a user would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployThroughGatewayIT {

    private static String token;
    private static String otherToken;

    @BeforeAll
    static void startPlatform() throws Exception {
        Platform.up();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        token = Api.registerUser("e2e_" + suffix);
        otherToken = Api.registerUser("e2e_other_" + suffix);
    }

    @AfterAll
    static void stopPlatformLeavingNothingBehind() throws Exception {
        List<Long> started = Platform.pids();
        Platform.down();
        assertThat(started).isNotEmpty();
        assertThat(started).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as("process %d after bin/ce down", pid).isNotEqualTo(java.util.Optional.of(true)));
        assertThat(Platform.labelledContainers().trim()).isEqualTo("[]");
    }

    @Test
    @Order(1)
    void deploysTheSampleImageAndServesItOnItsUrlAndTellsTheWebSocket() throws Exception {
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = openNotifications(token, frames);
        String app = "hello-" + UUID.randomUUID().toString().substring(0, 8);

        Api.Response created = Api.post("/v1/deployments", token, """
                {"app_name":"%s","image":"localhost/ce-sample:latest","port":80,"env_vars":{"GREETING":"from-e2e"}}
                """.formatted(app));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("status").asString()).isEqualTo("pending");
        assertThat(created.body().get("url").isNull()).isTrue();
        String id = created.body().get("id").asString();

        JsonNode running = awaitStatus(id, "running", Duration.ofSeconds(60));
        String host = app + ".localhost";
        assertThat(running.get("url").asString()).isEqualTo("http://" + host + ":" + Platform.GATEWAY_PORT);
        assertThat(running.get("deployed_at").isNull()).isFalse();

        HttpResponse<String> page = awaitApp(host, "/", Duration.ofSeconds(10));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Hello from Container Engine");
        assertThat(Api.app(host, "/cgi-bin/env").body()).contains("greeting=from-e2e");

        JsonNode frame = awaitFrame(frames, id, "running", Duration.ofSeconds(10));
        assertThat(frame.get("type").asString()).isEqualTo("deployment_status_changed");
        assertThat(frame.get("data").get("url").asString()).isEqualTo(running.get("url").asString());
        assertThat(frame.get("timestamp").asString()).isNotBlank();
        socket.abort();

        Api.Response asOther = Api.get("/v1/deployments/" + id, otherToken);
        assertThat(asOther.status()).isEqualTo(404);
        assertThat(asOther.body().get("error").get("message").asString()).isNotBlank();
        assertThat(Api.get("/v1/deployments", otherToken).body().get("deployments")).isEmpty();
    }

    @Test
    @Order(2)
    void anImageThatCannotBePulledEndsFailedWithAReadableMessage() throws Exception {
        Api.Response created = Api.post("/v1/deployments", token, """
                {"app_name":"broken-%s","image":"localhost/does-not-exist:1","port":80}
                """.formatted(UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.status()).isEqualTo(201);

        JsonNode failed = awaitStatus(created.body().get("id").asString(), "failed", Duration.ofSeconds(30));
        assertThat(failed.get("error_message").asString()).isNotBlank();
    }

    @Test
    @Order(3)
    void refusesWhatAUserGetsWrongInTheSpecsErrorShape() throws Exception {
        Api.Response anonymous = Api.get("/v1/deployments", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().get("error").get("message").asString()).isNotBlank();

        Api.Response badJson = Api.post("/v1/deployments", token, "{\"app_name\": ");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body().get("error").get("message").asString()).isNotBlank();

        Api.Response missingImage = Api.post("/v1/deployments", token, "{\"app_name\":\"no-image\"}");
        assertThat(missingImage.status()).isEqualTo(400);
        assertThat(missingImage.text()).contains("image");

        assertThat(Api.get("/v1/deployments/" + UUID.randomUUID(), token).status()).isEqualTo(404);

        Api.Response unknownUser = Api.post("/v1/auth/login", null,
                "{\"email\":\"nobody@example.com\",\"password\":\"wrong-password\"}");
        assertThat(unknownUser.status()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void anUpdateRollsOutWithoutTheUrlGoingDarkAndLogsAndMetricsAreReal() throws Exception {
        String app = "roll-" + UUID.randomUUID().toString().substring(0, 8);
        String host = app + ".localhost";
        Api.Response created = Api.post("/v1/deployments", token, """
                {"app_name":"%s","image":"localhost/ce-sample:latest","port":80,"env_vars":{"GREETING":"one"},
                 "health_check":{"path":"/","initial_delay_seconds":0,"period_seconds":1,"timeout_seconds":1,
                 "failure_threshold":3}}
                """.formatted(app));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        awaitStatus(id, "running", Duration.ofSeconds(60));
        assertThat(awaitApp(host, "/cgi-bin/env", Duration.ofSeconds(10)).body()).contains("greeting=one");

        Api.Response updated = Api.put("/v1/deployments/" + id, token, "{\"env_vars\":{\"GREETING\":\"two\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("status").asString()).isEqualTo("updating");

        // Every request during the rollout is answered by the old or the new revision, never by an error.
        List<Integer> failures = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (!body.contains("greeting=two") && System.nanoTime() < deadline) {
            HttpResponse<String> response = Api.app(host, "/cgi-bin/env");
            if (response.statusCode() != 200) {
                failures.add(response.statusCode());
            }
            body = response.body();
            Thread.sleep(10);
        }
        assertThat(body).contains("greeting=two");
        assertThat(failures).as("non-200 answers during the rollout").isEmpty();
        awaitStatus(id, "running", Duration.ofSeconds(30));

        Api.Response logs = Api.get("/v1/deployments/" + id + "/logs?tail=50", token);
        assertThat(logs.status()).isEqualTo(200);
        assertThat(logs.body().get("logs").isEmpty()).as("log lines of the running container: %s", logs.text()).isFalse();
        // busybox httpd -v logs one line per answered request of the new revision (probes and ours)
        assertThat(logs.text()).contains("response:200");

        Api.Response metrics = Api.get("/v1/deployments/" + id + "/metrics", token);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body().get("metrics").get("memory_bytes").asLong()).isPositive();

        // the gateway counts the app's requests and reports them every flush interval (10 s unless
        // CE_GATEWAY_TRAFFIC_FLUSH_INTERVAL is set); deployment-service shows them beside the runtime metrics
        int sent = 5;
        for (int i = 0; i < sent; i++) {
            assertThat(Api.app(host, "/").statusCode()).isEqualTo(200);
        }
        JsonNode requests = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.get("/v1/deployments/" + id + "/metrics", token).body().get("requests"),
                        r -> r != null && r.get("count").asLong() >= sent);
        assertThat(requests.get("status").get("2xx").asLong()).isGreaterThanOrEqualTo(sent);
        assertThat(requests.get("latency_ms").get("p50").asLong()).isPositive();
        assertThat(requests.get("total_24h").asLong()).isGreaterThanOrEqualTo(sent);
        assertThat(Api.get("/v1/deployments/" + id + "/metrics", otherToken).status()).isEqualTo(404);

        Api.Response status = Api.get("/v1/deployments/" + id + "/status", token);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().get("replicas").get("ready").asInt()).isEqualTo(1);
        assertThat(status.body().get("health").asString()).isEqualTo("healthy");
    }

    @Test
    @Order(7)
    void eachServiceHasALogFileOfItsOwn() throws Exception {
        // The five services behind the gateway share one JVM; each still writes its own file, found by its name.
        Map<String, String> started = Map.of("auth-service", "Started AuthServiceApplication",
                "apikey-service", "Started ApiKeyServiceApplication",
                "deployment-service", "Started DeploymentServiceApplication",
                "provisioner-worker", "Started ProvisionerApplication",
                "notification-service", "Started NotificationServiceApplication");
        for (var service : started.entrySet()) {
            String log = Files.readString(Platform.HOME.resolve("logs").resolve(service.getKey() + ".log"));
            assertThat(log).as(service.getKey()).contains(service.getValue());
            started.values().stream().filter(line -> !line.equals(service.getValue()))
                    .forEach(other -> assertThat(log).as(service.getKey()).doesNotContain(other));
        }
        assertThat(Files.readString(Platform.HOME.resolve("logs").resolve("gateway.log")))
                .contains("Started GatewayApplication");
    }

    @Test
    @Order(6)
    void aForgottenPasswordIsResetWithTheLinkFromTheMailboxOnceOnly() throws Exception {
        String name = "reset_" + UUID.randomUUID().toString().substring(0, 8);
        Api.registerUser(name);
        String email = name + "@example.com";
        String anonymousAnswer = Api.post("/v1/auth/forgot-password", null,
                "{\"email\":\"nobody-" + name + "@example.com\"}").text();
        Api.Response asked = Api.post("/v1/auth/forgot-password", null, "{\"email\":\"" + email + "\"}");
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.text()).isEqualTo(anonymousAnswer);

        // auth-service -> user.password_reset_requested (link encrypted) -> notification-service -> e-mail; without
        // SMTP settings the platform writes it to the dev mailbox a person can open.
        Path mailbox = Platform.HOME.resolve("mailbox");
        String token = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (token == null && System.nanoTime() < deadline) {
            if (Files.isDirectory(mailbox)) {
                try (var files = Files.list(mailbox)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        String mail = Files.readString(file);
                        var match = java.util.regex.Pattern.compile("\\?token=([A-Za-z0-9_\\-]+)").matcher(mail);
                        if (mail.contains("To: " + email) && match.find()) {
                            token = match.group(1);
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        assertThat(token).as("reset e-mail to %s in %s", email, mailbox).isNotNull();

        String reset = "{\"token\":\"" + token + "\",\"new_password\":\"brand-new-horse-77\"}";
        assertThat(Api.post("/v1/auth/reset-password", null, reset).status()).isEqualTo(200);
        assertThat(Api.post("/v1/auth/reset-password", null, reset).status()).isEqualTo(400);
        assertThat(Api.post("/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct-horse-42\"}").status()).isEqualTo(401);
        assertThat(Api.post("/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"brand-new-horse-77\"}").status()).isEqualTo(200);
    }

    /**
     * Not an assertion on time: measures POST → the app answering through the gateway (20 runs, median and p99),
     * scale 1 → 5 → 1 through the API, start-up time and the platform's memory, and writes them to
     * bench/results/platform.json.
     */
    @Test
    @Order(5)
    void measuresDeployLatencyStartupAndMemory() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String app = "bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            long start = System.nanoTime();
            Api.Response created = Api.post("/v1/deployments", token,
                    "{\"app_name\":\"" + app + "\",\"image\":\"localhost/ce-sample:latest\",\"port\":80}");
            assertThat(created.status()).isEqualTo(201);
            HttpResponse<String> page = awaitApp(app + ".localhost", "/", Duration.ofSeconds(30));
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(page.statusCode()).isEqualTo(200);
            millis.add(elapsed);
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);

        String scaled = Api.post("/v1/deployments", token, "{\"app_name\":\"scale-" + UUID.randomUUID().toString()
                .substring(0, 8) + "\",\"image\":\"localhost/ce-sample:latest\",\"port\":80}").body().get("id").asString();
        awaitStatus(scaled, "running", Duration.ofSeconds(60));
        long up = System.nanoTime();
        assertThat(Api.patch("/v1/deployments/" + scaled + "/scale", token, "{\"replicas\":5}").status()).isEqualTo(200);
        awaitReady(scaled, 5, Duration.ofSeconds(60));
        long upMillis = (System.nanoTime() - up) / 1_000_000;
        long down = System.nanoTime();
        assertThat(Api.patch("/v1/deployments/" + scaled + "/scale", token, "{\"replicas\":1}").status()).isEqualTo(200);
        awaitReady(scaled, 1, Duration.ofSeconds(60));
        long downMillis = (System.nanoTime() - down) / 1_000_000;

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("measured_at", Instant.now().toString());
        figures.put("load_average", Files.readString(Path.of("/proc/loadavg")).trim());
        figures.put("post_to_app_answering_ms", millis);
        figures.put("post_to_app_answering_median_ms", sorted.get(sorted.size() / 2));
        figures.put("post_to_app_answering_p99_ms", sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
        figures.put("scale_1_to_5_ready_ms", upMillis);
        figures.put("scale_5_to_1_ready_ms", downMillis);
        figures.put("startup_to_healthy_ms", Platform.lastStartupMillis());
        figures.put("platform_rss_mib", Platform.memoryKib("VmRSS") / 1024);
        figures.put("platform_pss_mib", Platform.memoryKib("Pss") / 1024);
        figures.put("platform_peak_rss_mib", Platform.memoryKib("VmHWM") / 1024);
        Path out = Platform.ROOT.resolve("bench/results/platform.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n");
        System.out.println("platform figures: " + figures);
    }

    private static JsonNode awaitStatus(String id, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Api.Response response = Api.get("/v1/deployments/" + id, token);
            assertThat(response.status()).isEqualTo(200);
            last = response.body();
            if (status.equals(last.get("status").asString())) {
                return last;
            }
            if (!"failed".equals(status) && "failed".equals(last.get("status").asString())) {
                throw new AssertionError("deployment failed: " + last);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("deployment " + id + " not " + status + " within " + timeout + "; last: " + last);
    }

    private static void awaitReady(String id, int ready, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = Api.get("/v1/deployments/" + id + "/status", token).body();
            if (last.path("replicas").path("ready").asInt() == ready
                    && last.path("replicas").path("desired").asInt() == ready
                    && "running".equals(last.path("status").asString())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("deployment " + id + " not at " + ready + " ready replicas; last: " + last);
    }

    private static HttpResponse<String> awaitApp(String host, String path, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = Api.app(host, path);
            if (last.statusCode() == 200) {
                return last;
            }
            Thread.sleep(5);
        }
        throw new AssertionError(host + path + " did not answer 200 within " + timeout + "; last: "
                + (last == null ? null : last.statusCode() + " " + last.body()));
    }

    private static WebSocket openNotifications(String accessToken, BlockingQueue<JsonNode> frames) throws Exception {
        return Api.HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + accessToken)
                .buildAsync(URI.create("ws://127.0.0.1:" + Platform.GATEWAY_PORT + "/v1/ws/notifications"),
                        new WebSocket.Listener() {
                            private final StringBuilder partial = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    frames.add(Api.JSON.readTree(partial.toString()));
                                    partial.setLength(0);
                                }
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
    }

    private static JsonNode awaitFrame(BlockingQueue<JsonNode> frames, String id, String status, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame != null && id.equals(frame.path("deployment_id").asString())
                    && status.equals(frame.path("data").path("status").asString())) {
                return frame;
            }
        }
        throw new AssertionError("no " + status + " frame for " + id + " within " + timeout);
    }
}
