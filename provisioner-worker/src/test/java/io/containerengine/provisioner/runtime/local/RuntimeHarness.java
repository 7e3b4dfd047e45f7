package io.containerengine.provisioner.runtime.local;

import org.awaitility.Awaitility;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.provisioner.ports.HostPortAllocator;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.RegistryPasswords;

/**
 * A local runtime wired as in the worker (its own executor queue, death watcher, reconciliation pass), with the
 * desired states and rollout records in memory and observations recorded, under an instance id of its own so
 * that it never touches anyone else's containers. Closing it removes every container of that instance.
 *
 * <p>As a test class's {@code @RegisterExtension static} field it is shared by the class's tests: the
 * {@link TestImages#TOOLS} image is built (if missing) before them, {@link #reset()} runs after each, and the
 * harness is closed after the last.
 */
class RuntimeHarness implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    static final String SHARED_PODMAN = sharedDockerHost();
    static final SecretBox SECRETS = new SecretBox("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String instance = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final DockerClient docker;
    final LocalDockerRuntime runtime;
    final DeploymentExecutor executor;
    final ContainerDeathWatcher watcher;
    final InMemoryRollouts rollouts = new InMemoryRollouts();
    final Map<UUID, DeploymentDesiredState> desired = new ConcurrentHashMap<>();
    final List<DeploymentObserved> observed = new CopyOnWriteArrayList<>();

    RuntimeHarness(String dockerHost, int portFrom, int portTo,
            Function<LocalRuntimeSettings, LocalRuntimeSettings> tune) {
        docker = LocalRuntimeConfiguration.dockerClient(dockerHost);
        LocalRuntimeSettings settings = tune.apply(LocalRuntimeSettings.defaults(instance)
                .withReadinessTimeout(Duration.ofSeconds(20))
                .withCrashBackoff(Duration.ofMillis(500), Duration.ofSeconds(4)));
        runtime = new LocalDockerRuntime(docker, new HostPortAllocator(portFrom, portTo), observed::add,
                id -> Optional.ofNullable(desired.get(id)), rollouts, new RegistryPasswords(SECRETS), settings);
        runtime.start();
        executor = new DeploymentExecutor(runtime, Executors.newFixedThreadPool(4));
        runtime.useQueue(executor);
        watcher = new ContainerDeathWatcher(docker, (id, containerId, labels) -> executor.submit(id,
                () -> runtime.containerDied(id, containerId, labels)), this::reconcileAll);
        watcher.start();
    }

    RuntimeHarness(int portFrom, int portTo) {
        this(SHARED_PODMAN, portFrom, portTo, s -> s);
    }

    static String sharedDockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? "unix:///run/container-engine/podman.sock" : env;
    }

    static DeploymentDesiredState state(UUID id, long generation, String image, int replicas, Map<String, String> env,
            DeploymentDesiredState.Resources resources, DeploymentDesiredState.HealthCheck check) {
        return new DeploymentDesiredState(id, new UUID(1, 1), "it-app", generation, image, 80, env, replicas,
                resources, check, null, "it-app.localhost", "http://it-app.localhost:3000");
    }

    /** Queues an apply as the Kafka consumer does. */
    CompletableFuture<Void> apply(DeploymentDesiredState state) {
        desired.put(state.deploymentId(), state);
        runtime.superseded(state.deploymentId(), state.generation());
        return executor.submit(state.deploymentId(), () -> runtime.apply(state));
    }

    /** One pass of the worker's reconciler over this harness' deployments. */
    void reconcileAll() {
        for (DeploymentDesiredState d : desired.values()) {
            executor.submit(d.deploymentId(), () -> runtime.reconcile(desired.get(d.deploymentId())));
        }
        for (UUID id : runtime.deploymentIds()) {
            if (!desired.containsKey(id)) {
                executor.submit(id, () -> runtime.removeOrphan(id));
            }
        }
    }

    List<DeploymentObserved> observed(UUID id) {
        return observed.stream().filter(o -> o.deploymentId().equals(id)).toList();
    }

    DeploymentObserved last(UUID id) {
        List<DeploymentObserved> mine = observed(id);
        return mine.isEmpty() ? null : mine.get(mine.size() - 1);
    }

    DeploymentObserved await(UUID id, Duration timeout, Predicate<DeploymentObserved> condition) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> last(id), o -> o != null && condition.test(o));
    }

    List<Container> containers(UUID id) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.DEPLOYMENT_ID, id.toString(), Labels.INSTANCE, instance)).exec();
    }

    List<Container> running(UUID id) {
        return containers(id).stream().filter(c -> "running".equals(c.getState())).toList();
    }

    static HttpResponse<String> get(String endpoint, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Removes every container of this harness' instance. */
    void removeAll() {
        List<String> ids = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.INSTANCE, instance)).exec()) {
            ids.add(c.getId());
        }
        for (String id : ids) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // gone already
            }
        }
    }

    /** Forgets every deployment and removes their containers: the next test starts from nothing. */
    void reset() {
        removeAll();
        desired.clear();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestImages.tools();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    Set<UUID> deployments() {
        return desired.keySet();
    }

    @Override
    public void close() throws Exception {
        watcher.close();
        executor.close();
        runtime.close();
        removeAll();
        docker.close();
    }
}
