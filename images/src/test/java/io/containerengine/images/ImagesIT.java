package io.containerengine.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Builds the images with {@code bin/build-images}, then runs each service image the way the Helm chart and the
 * compose file do - read-only root filesystem with a tmpfs /tmp, uid 10001, no capabilities, no privilege
 * escalation - against the machine's PostgreSQL and Redis and an embedded Kafka (host network), and checks that
 * it gets healthy, runs as 10001, and that no image carries a shell.
 */
@EmbeddedKafka(partitions = 1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Health first: the other checks then look at processes known to be up.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesIT {

    private static final String TEST_LABEL = "io.containerengine.test=images";
    private static final List<String> SERVICES = List.of("auth-service", "apikey-service", "deployment-service",
            "provisioner-worker", "notification-service", "gateway");

    private final Path root = Path.of(System.getProperty("ce.repo.root", "..")).toAbsolutePath().normalize();
    private final Path logs = Path.of(System.getProperty("ce.images.logs", "target/images-it")).toAbsolutePath();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, String> containers = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String version;
    private String baseImage;

    @BeforeAll
    void buildImagesAndStartOneContainerPerService(EmbeddedKafkaBroker kafka) throws Exception {
        Files.createDirectories(logs);
        List<String> build = new ArrayList<>(List.of(root.resolve("bin/build-images").toString()));
        String jarsFrom = System.getProperty("ce.images.jars-from", "");
        if (!jarsFrom.isBlank()) {
            build.addAll(List.of("--jars-from", jarsFrom));
        }
        Result built = exec(Duration.ofMinutes(10), build);
        Files.writeString(logs.resolve("build-images.log"), built.output());
        assertThat(built.exitCode()).as("bin/build-images failed:%n%s", built.output()).isZero();
        version = readProjectVersion();
        baseImage = exec(Duration.ofSeconds(30), List.of("podman", "image", "inspect", "--format",
                "{{ index .Labels \"io.containerengine.base-image\" }}", "container-engine/gateway:" + version))
                .output().strip();
        assertThat(baseImage).startsWith("container-engine/jre:");

        for (String service : SERVICES) {
            ports.put(service, freePort());
        }
        String identitySecret = randomText(48);
        String jwtSecret = randomText(48);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secretsKey = Base64.getEncoder().encodeToString(key);
        String kafkaServers = kafka.getBrokersAsString();

        for (String service : SERVICES) {
            String name = "ce-images-it-" + run + "-" + service;
            List<String> cmd = new ArrayList<>(List.of("podman", "run", "-d", "--name", name,
                    "--label", TEST_LABEL, "--label", "io.containerengine.test-run=" + run,
                    "--read-only", "--tmpfs", "/tmp", "--user", "10001:10001", "--cap-drop=ALL",
                    "--security-opt", "no-new-privileges", "--network", "host", "--memory", "384m"));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            env.put("REDIS_URL", "redis://127.0.0.1:6379/9");
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaServers);
            env.put("INTERNAL_IDENTITY_SECRET", identitySecret);
            env.put("JWT_SECRET", jwtSecret);
            env.put("SECRETS_KEY", secretsKey);
            env.put("DOMAIN_SUFFIX", "localhost");
            // C1 only: six JVMs start at once on a small machine (the chart does the same for all but the gateway).
            env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
            if (service.equals("gateway")) {
                env.put("PORT", String.valueOf(ports.get(service)));
                env.put("AUTH_SERVICE_URL", url("auth-service"));
                env.put("APIKEY_SERVICE_URL", url("apikey-service"));
                env.put("DEPLOYMENT_SERVICE_URL", url("deployment-service"));
                env.put("NOTIFICATION_SERVICE_URL", url("notification-service"));
            } else {
                env.put("SERVER_PORT", String.valueOf(ports.get(service)));
            }
            if (service.equals("deployment-service")) {
                env.put("PROVISIONER_URL", url("provisioner-worker"));
            }
            if (service.equals("provisioner-worker")) {
                // No container engine for it here: the local runtime keeps retrying a socket that is not there,
                // which must not make the worker unhealthy. Its own instance id keeps it off anyone's containers.
                env.put("DOCKER_HOST", "unix:///tmp/no-container-engine.sock");
                env.put("CE_INSTANCE_ID", "images-it-" + run);
            }
            env.forEach((k, v) -> cmd.addAll(List.of("--env", k + "=" + v)));
            cmd.add("container-engine/" + service + ":" + version);
            Result started = exec(Duration.ofSeconds(60), cmd);
            assertThat(started.exitCode()).as("podman run %s: %s", service, started.output()).isZero();
            containers.put(service, name);
        }
    }

    @AfterAll
    void removeContainers() throws Exception {
        try {
            for (var entry : containers.entrySet()) {
                Result log = exec(Duration.ofSeconds(30), List.of("podman", "logs", entry.getValue()));
                Files.writeString(logs.resolve(entry.getKey() + ".log"), log.output());
            }
        } finally {
            removeThisRunsContainers();
        }
    }

    private void removeThisRunsContainers() throws Exception {
        // By this run's label, so that containers are removed even when starting one of them failed midway.
        Result ids = exec(Duration.ofSeconds(30),
                List.of("podman", "ps", "-aq", "--filter", "label=io.containerengine.test-run=" + run));
        List<String> remove = new ArrayList<>(List.of("podman", "rm", "-f", "-t", "0"));
        ids.output().lines().filter(l -> !l.isBlank()).forEach(remove::add);
        if (remove.size() > 5) {
            exec(Duration.ofSeconds(60), remove);
        }
    }

    @Test
    @Order(1)
    void everyServiceImageGetsHealthyOnAReadOnlyRootFilesystemAsANonRootUser() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String service : SERVICES) {
                assertStillRunning(service);
                String body = get(healthUrl(service));
                assertThat(body).as("health of %s", service)
                        .contains(service.equals("gateway") ? "\"status\":\"healthy\"" : "\"status\":\"UP\"");
            }
        });
    }

    @Test
    @Order(2)
    void everyServiceProcessRunsAsUid10001() throws Exception {
        for (String service : SERVICES) {
            String pid = exec(Duration.ofSeconds(30),
                    List.of("podman", "inspect", "--format", "{{.State.Pid}}", containers.get(service)))
                    .output().strip();
            assertThat(pid).as("pid of %s", service).matches("[1-9][0-9]*");
            // Rootful podman without a user namespace: the ids on the host are the ids in the container.
            List<String> status = Files.readAllLines(Path.of("/proc", pid, "status"));
            assertThat(status).as("%s's ids", service)
                    .anyMatch(l -> l.matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001"))
                    .anyMatch(l -> l.matches("Gid:\\s+10001\\s+10001\\s+10001\\s+10001"));
            Result top = exec(Duration.ofSeconds(30), List.of("podman", "top", containers.get(service), "user"));
            assertThat(top.output().lines().skip(1).map(String::strip).toList()).as("podman top %s", service)
                    .containsOnly("ce");
        }
    }

    @Test
    void noImageContainsAShell() throws Exception {
        List<String> images = new ArrayList<>(List.of(baseImage));
        SERVICES.forEach(s -> images.add("container-engine/" + s + ":" + version));
        for (String image : images) {
            // The same way of starting another program works for one that is there.
            Result java = exec(Duration.ofSeconds(60), List.of("podman", "run", "--rm", "--label", TEST_LABEL,
                    "--label", "io.containerengine.test-run=" + run, "--entrypoint", "/opt/java/bin/java", image,
                    "-version"));
            assertThat(java.exitCode()).as("java -version in %s: %s", image, java.output()).isZero();
            for (String shell : List.of("/bin/sh", "/bin/bash")) {
                Result r = exec(Duration.ofSeconds(60), List.of("podman", "run", "--rm", "--label", TEST_LABEL,
                        "--label", "io.containerengine.test-run=" + run, "--entrypoint", shell, image, "-c", "true"));
                // 127: the runtime found no such executable (not some other failure to start).
                assertThat(r.exitCode()).as("%s in %s: %s", shell, image, r.output()).isEqualTo(127);
                assertThat(r.output()).contains("no such file or directory");
            }
        }
    }

    @Test
    void baseImageHasTheModulesTheServicesLoadOnlyAtRunTime() throws Exception {
        Result modules = exec(Duration.ofSeconds(60), List.of("podman", "run", "--rm", "--label", TEST_LABEL,
                "--label", "io.containerengine.test-run=" + run, "--read-only", baseImage, "--list-modules"));
        assertThat(modules.exitCode()).isZero();
        // jdk.naming.dns: custom-domain TXT lookups over JNDI; jdk.crypto.ec: TLS with EC keys; java.desktop:
        // java.beans for Spring; the SASL ones for Kafka.
        assertThat(modules.output()).contains("jdk.naming.dns@", "jdk.crypto.ec@", "java.desktop@",
                "java.security.sasl@", "java.security.jgss@", "jdk.unsupported@", "java.sql@", "java.net.http@");
        assertThat(modules.output()).doesNotContain("jdk.compiler@", "jdk.jshell@");
    }

    private void assertStillRunning(String service) throws Exception {
        String state = exec(Duration.ofSeconds(30),
                List.of("podman", "inspect", "--format", "{{.State.Status}}", containers.get(service))).output().strip();
        if (!state.equals("running")) {
            String log = exec(Duration.ofSeconds(30), List.of("podman", "logs", "--tail", "60", containers.get(service)))
                    .output();
            throw new AssertionError(service + " is " + state + ":\n" + log);
        }
    }

    private String healthUrl(String service) {
        return url(service) + (service.equals("gateway") ? "/health" : "/actuator/health");
    }

    private String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    private String get(String url) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "not answering: " + e;
        }
    }

    private String readProjectVersion() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        int artifact = pom.indexOf("<artifactId>container-engine</artifactId>");
        int start = pom.indexOf("<version>", artifact) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start)).strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomText(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }

    private record Result(int exitCode, String output) {
    }

    private Result exec(Duration timeout, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // podman reads only the project's configuration (runc, ulimits), as bin/ce and bin/build-images do.
        pb.environment().putIfAbsent("CONTAINERS_CONF", root.resolve("deploy/local/containers.conf").toString());
        Path out = Files.createTempFile(logs, "exec", ".out");
        pb.redirectOutput(out.toFile());
        Process process = pb.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command) + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
