package io.containerengine.provisioner.runtime.local;

import static io.containerengine.provisioner.runtime.local.RuntimeHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentDesiredState.RegistryAuth;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/**
 * A real registry with htpasswd auth (Debian's docker-registry) on a free loopback port, marked insecure in a
 * registries.conf given to a podman service of this test's own. The sample image is pushed there under a
 * name unique to the run, so nothing is found locally without a pull.
 */
class PrivateRegistryIT {

    static final Duration FAIL_WITHIN = Duration.ofSeconds(30);
    static final String USER = "ce-user";
    static final String PASSWORD = "s3cret-" + UUID.randomUUID().toString().substring(0, 6);

    static Path dir;
    static Process registry;
    static String registryHost;
    static String repository;
    static PodmanService service;
    static RuntimeHarness h;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("ce-it-registry");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        registryHost = "127.0.0.1:" + port;
        Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD)
                .redirectOutput(dir.resolve("htpasswd").toFile()).start();
        assertThat(htpasswd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: %s
                auth:
                  htpasswd:
                    realm: ce-it
                    path: %s
                """.formatted(dir.resolve("data"), registryHost, dir.resolve("htpasswd")));
        registry = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (registryStatus() != 401) {
            assertThat(System.nanoTime()).as("registry up").isLessThan(deadline);
            Thread.sleep(100);
        }
        Files.writeString(dir.resolve("registries.conf"), """
                [[registry]]
                location = "%s"
                insecure = true
                """.formatted(registryHost));

        repository = registryHost + "/ce-it/private-" + UUID.randomUUID().toString().substring(0, 8);
        for (String tag : List.of("1", "2")) {
            assertThat(TestImages.podman(List.of("push", "--tls-verify=false", "--creds", USER + ":" + PASSWORD,
                    TestImages.SAMPLE, repository + ":" + tag))).as("push").isZero();
        }

        service = new PodmanService(Map.of("CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString()))
                .start();
        h = new RuntimeHarness(service.dockerHost(), 44200, 44299, s -> s);
    }

    private static int registryStatus() {
        try {
            return RuntimeHarness.HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registryHost + "/v2/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @AfterEach
    void clean() {
        h.reset();
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            for (String tag : List.of("1", "2")) {
                try {
                    h.docker.removeImageCmd(repository + ":" + tag).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // never pulled
                }
            }
            h.close();
        }
        if (service != null) {
            service.close();
        }
        if (registry != null) {
            registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        FileSystemUtils.deleteRecursively(dir);
    }

    private static DeploymentDesiredState privateApp(UUID id, String tag, RegistryAuth auth) {
        return new DeploymentDesiredState(id, new UUID(1, 1), "private-app", 1, repository + ":" + tag, 80,
                Map.of("GREETING", "private"), 1, null, null, auth, "private-app.localhost", null);
    }

    private static RegistryAuth auth(String server, String password) {
        return new RegistryAuth(server, USER, RuntimeHarness.SECRETS.encrypt(password));
    }

    @Test
    void rightCredentialsPullAndRunTheImage() throws Exception {
        UUID id = UUID.randomUUID();
        // no server given: the registry is taken from the image reference
        h.apply(privateApp(id, "1", auth(null, PASSWORD)));

        DeploymentObserved running = h.await(id, Duration.ofSeconds(60), o -> o.phase() == ObservedPhase.RUNNING);

        assertThat(get(running.endpoints().get(0), "/cgi-bin/env").body()).contains("greeting=private");
    }

    @Test
    void wrongPasswordFailsWithAClearMessageWithinThirtySeconds() {
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();
        h.apply(privateApp(id, "2", auth(registryHost, "wrong-password")));

        DeploymentObserved failed = h.await(id, FAIL_WITHIN, o -> o.phase() == ObservedPhase.FAILED);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_WITHIN);
        assertThat(failed.message()).startsWith("image pull failed: registry " + registryHost
                + " refused the credentials (wrong username or password)");
        assertThat(failed.message()).doesNotContain("wrong-password");
        assertThat(h.containers(id)).isEmpty();
    }

    @Test
    void missingCredentialsFailWithAClearMessageWithinThirtySeconds() {
        UUID id = UUID.randomUUID();
        h.apply(privateApp(id, "2", null));

        DeploymentObserved failed = h.await(id, FAIL_WITHIN, o -> o.phase() == ObservedPhase.FAILED);

        assertThat(failed.message()).startsWith("image pull failed: registry " + registryHost
                + " refused the pull without credentials (registry_auth needed)");
        assertThat(h.containers(id)).isEmpty();
    }

    @Test
    void passwordEncryptedWithAnotherKeyIsReportedWithoutPulling() {
        UUID id = UUID.randomUUID();
        var otherKey = new io.containerengine.common.crypto.SecretBox(
                "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=");
        h.apply(privateApp(id, "2", new RegistryAuth(registryHost, USER, otherKey.encrypt(PASSWORD))));

        DeploymentObserved failed = h.await(id, FAIL_WITHIN, o -> o.phase() == ObservedPhase.FAILED);

        assertThat(failed.message())
                .isEqualTo("image pull failed: registry password cannot be decrypted with the platform's secrets key");
    }
}
