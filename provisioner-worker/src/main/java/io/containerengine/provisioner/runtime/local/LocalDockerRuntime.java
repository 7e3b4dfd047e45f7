package io.containerengine.provisioner.runtime.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.provisioner.ports.HostPortAllocator;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.containerengine.provisioner.runtime.ObservedStateListener;
import io.containerengine.provisioner.runtime.RegistryPasswords;
import io.containerengine.provisioner.runtime.Runtime;

/**
 * Runs deployments as containers on a Docker Engine API (podman's service locally). The containers' labels are
 * the only state: what runs is always read back from the engine, so a restarted worker knows what it runs.
 * Each replica publishes the app's port on 127.0.0.1 at a host port this worker allocates.
 */
public class LocalDockerRuntime implements Runtime {

    private static final Logger log = LoggerFactory.getLogger(LocalDockerRuntime.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int MAX_MESSAGE = 300;

    private final DockerClient docker;
    private final HostPortAllocator ports;
    private final ObservedStateListener listener;
    private final DesiredStateLookup desiredStates;
    private final Duration readinessTimeout;
    private final Duration pullTimeout;
    /** Last failure reported per deployment, so a crash seen by both apply and the events stream is told once. */
    private final Map<UUID, String> lastFailure = new ConcurrentHashMap<>();
    private volatile boolean portsLoaded;

    public LocalDockerRuntime(DockerClient docker, HostPortAllocator ports, ObservedStateListener listener,
            DesiredStateLookup desiredStates, Duration readinessTimeout, Duration pullTimeout) {
        this.docker = docker;
        this.ports = ports;
        this.listener = listener;
        this.desiredStates = desiredStates;
        this.readinessTimeout = readinessTimeout;
        this.pullTimeout = pullTimeout;
    }

    /** Loads the host ports our containers hold; retried on the next call when the engine is not reachable yet. */
    public void start() {
        try {
            ensurePortsLoaded();
        } catch (RuntimeException e) {
            log.warn("container engine not reachable yet: {}", describe(e));
        }
    }

    @Override
    public void apply(DeploymentDesiredState desired) {
        long startedAt = System.nanoTime();
        List<Replica> created = new ArrayList<>();
        List<Replica> retire = new ArrayList<>();
        try {
            ensurePortsLoaded();
            List<Replica> existing = list(desired.deploymentId());
            if (desired.replicas() <= 0) {
                existing.forEach(this::remove);
                report(desired, ObservedPhase.STOPPED, List.of(), null);
                return;
            }
            Map<Integer, Replica> keep = new TreeMap<>();
            List<Replica> replaceNow = new ArrayList<>();
            for (Replica r : existing) {
                boolean wanted = r.generation() == desired.generation() && r.replica() >= 0
                        && r.replica() < desired.replicas();
                if (wanted && r.running() && r.hostPort() > 0 && !keep.containsKey(r.replica())) {
                    keep.put(r.replica(), r);
                } else if (r.generation() == desired.generation()) {
                    replaceNow.add(r); // its name would clash with the replacement
                } else {
                    retire.add(r); // older generation: removed once the new one is ready
                }
            }
            if (keep.size() == desired.replicas() && replaceNow.isEmpty() && retire.isEmpty()) {
                report(desired, ObservedPhase.RUNNING, endpoints(keep.values()), null);
                return;
            }
            report(desired, ObservedPhase.DEPLOYING, endpoints(keep.values()), null);
            Limits limits = limitsOf(desired);
            ensureImage(desired);
            replaceNow.forEach(this::remove);
            for (int i = 0; i < desired.replicas(); i++) {
                if (!keep.containsKey(i)) {
                    createAndStart(desired, i, limits, created);
                }
            }
            awaitReady(desired, created);
            retire.forEach(this::remove);
            List<Replica> all = new ArrayList<>(keep.values());
            all.addAll(created);
            all.sort(Comparator.comparingInt(Replica::replica));
            report(desired, ObservedPhase.RUNNING, endpoints(all), null);
            log.info("deployment {} generation {}: {} replica(s) running in {} ms", desired.deploymentId(),
                    desired.generation(), all.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        } catch (DeployFailure f) {
            fail(desired, f.getMessage(), created, retire);
        } catch (RuntimeException e) {
            log.warn("apply of deployment {} failed", desired.deploymentId(), e);
            fail(desired, "container runtime error: " + describe(e), created, retire);
        }
    }

    /**
     * A failed deployment runs nothing: older generations go, and so do new replicas that still run; exited ones
     * stay so that their logs can be read.
     */
    private void fail(DeploymentDesiredState desired, String message, List<Replica> created, List<Replica> retire) {
        log.info("deployment {} generation {} failed: {}", desired.deploymentId(), desired.generation(), message);
        for (Replica r : retire) {
            removeQuietly(r);
        }
        for (Replica r : created) {
            if (!exited(r)) {
                removeQuietly(r);
            }
        }
        report(desired, ObservedPhase.FAILED, List.of(), message);
    }

    @Override
    public void delete(DeploymentDeleted deleted) {
        try {
            ensurePortsLoaded();
            list(deleted.deploymentId()).forEach(this::remove);
        } catch (RuntimeException e) {
            // Still report deleted: the deployment is gone for the platform; the startup reconcile removes leftovers.
            log.warn("removing containers of deleted deployment {} failed: {}", deleted.deploymentId(), describe(e));
        }
        lastFailure.remove(deleted.deploymentId());
        listener.onObserved(new DeploymentObserved(deleted.deploymentId(), deleted.userId(), deleted.generation(),
                ObservedPhase.DELETED, 0, 0, List.of(), 0, null, Instant.now()));
    }

    @Override
    public boolean matches(DeploymentDesiredState desired) {
        List<Replica> existing = list(desired.deploymentId());
        Set<Integer> running = new HashSet<>();
        for (Replica r : existing) {
            if (r.generation() != desired.generation() || r.replica() < 0 || r.replica() >= desired.replicas()
                    || !r.running() || !running.add(r.replica())) {
                return false;
            }
        }
        return running.size() == Math.max(desired.replicas(), 0);
    }

    @Override
    public Set<UUID> deploymentIds() {
        Set<UUID> ids = new HashSet<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Labels.DEPLOYMENT_ID)).exec()) {
            Replica r = Replica.of(c);
            if (r != null) {
                ids.add(r.deploymentId());
            }
        }
        return ids;
    }

    @Override
    public void removeOrphan(UUID deploymentId) {
        ensurePortsLoaded();
        list(deploymentId).forEach(this::remove);
    }

    /**
     * A container of ours died (from the events stream, run in the deployment's order). A replica of the current
     * generation that is not running any more makes the deployment failed; deaths of replicas being replaced or
     * removed are expected. Restart policy and self-healing hook in here later.
     */
    public void containerDied(UUID deploymentId, String containerId, Map<String, String> labels) {
        Optional<DeploymentDesiredState> found = desiredStates.find(deploymentId);
        if (found.isEmpty()) {
            return;
        }
        DeploymentDesiredState desired = found.get();
        long generation = parseLong(labels.get(Labels.GENERATION), -1);
        int replica = (int) parseLong(labels.get(Labels.REPLICA), -1);
        if (generation != desired.generation() || replica < 0 || replica >= desired.replicas()) {
            return;
        }
        InspectContainerResponse.ContainerState state;
        try {
            state = docker.inspectContainerCmd(containerId).exec().getState();
        } catch (DockerException e) {
            if (isNoSuchContainer(e)) {
                return; // we removed it
            }
            throw e;
        }
        if (state == null || Boolean.TRUE.equals(state.getRunning())) {
            return;
        }
        List<String> survivors = new ArrayList<>();
        for (Replica r : list(deploymentId)) {
            if (r.generation() == desired.generation() && r.running() && r.hostPort() > 0) {
                survivors.add(LOOPBACK + ":" + r.hostPort());
            }
        }
        report(desired, ObservedPhase.FAILED, survivors, exitMessage(state));
    }

    private void ensureImage(DeploymentDesiredState desired) {
        try {
            docker.inspectImageCmd(desired.image()).exec();
            return; // present: podman would pull again even for a local image
        } catch (NotFoundException e) {
            log.info("pulling {} for deployment {}", desired.image(), desired.deploymentId());
        }
        ImageRef ref = ImageRef.parse(desired.image());
        var pull = docker.pullImageCmd(ref.repository()).withTag(ref.tag());
        var auth = desired.registryAuth();
        if (auth != null && auth.username() != null && !auth.username().isBlank()) {
            String server = auth.server() == null || auth.server().isBlank() ? ref.registry() : auth.server();
            pull.withAuthConfig(new AuthConfig().withUsername(auth.username())
                    .withPassword(RegistryPasswords.plaintext(auth)).withRegistryAddress(server));
        }
        PullCallback callback = pull.exec(new PullCallback());
        boolean completed;
        try {
            completed = callback.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailure("image pull interrupted");
        }
        if (!completed) {
            throw new DeployFailure("image pull failed: timed out after " + pullTimeout.toSeconds() + " s");
        }
        if (callback.error() != null) {
            throw new DeployFailure("image pull failed: " + callback.error());
        }
        try {
            docker.inspectImageCmd(desired.image()).exec();
        } catch (NotFoundException e) {
            throw new DeployFailure("image pull failed: no such image " + desired.image());
        }
    }

    private void createAndStart(DeploymentDesiredState desired, int replica, Limits limits, List<Replica> created) {
        int hostPort = ports.allocate();
        ExposedPort exposed = ExposedPort.tcp(desired.port());
        Ports bindings = new Ports();
        bindings.bind(exposed, Ports.Binding.bindIpAndPort(LOOPBACK, hostPort));
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withPortBindings(bindings)
                // busybox httpd and many apps ignore SIGTERM as PID 1; an init makes stop/remove immediate.
                .withInit(true)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withMemory(limits.memoryBytes())
                .withNanoCPUs(limits.nanoCpus());
        String containerId;
        try {
            containerId = docker.createContainerCmd(desired.image())
                    .withName(containerName(desired, replica))
                    .withLabels(labels(desired, replica, hostPort))
                    .withEnv(desired.envVars().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withExposedPorts(exposed)
                    .withHostConfig(hostConfig)
                    .exec()
                    .getId();
        } catch (RuntimeException e) {
            ports.release(hostPort);
            throw new DeployFailure("container create failed: " + describe(e));
        }
        Replica r = new Replica(containerId, desired.deploymentId(), desired.generation(), replica, hostPort,
                "created");
        created.add(r);
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw new DeployFailure("container start failed: " + describe(e));
        }
    }

    /** Readiness: each new replica's host port accepts a TCP connection; a replica that exits fails at once. */
    private void awaitReady(DeploymentDesiredState desired, List<Replica> replicas) {
        long deadline = System.nanoTime() + readinessTimeout.toNanos();
        for (Replica r : replicas) {
            int attempts = 0;
            while (!accepts(r.hostPort())) {
                if (++attempts % 20 == 0 || System.nanoTime() > deadline) {
                    requireRunning(r);
                }
                if (System.nanoTime() > deadline) {
                    throw new DeployFailure("app did not accept connections on port " + desired.port() + " within "
                            + readinessTimeout.toSeconds() + " s");
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeployFailure("interrupted while waiting for the app to start");
                }
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void requireRunning(Replica r) {
        var state = docker.inspectContainerCmd(r.containerId()).exec().getState();
        if (state != null && !Boolean.TRUE.equals(state.getRunning())) {
            throw new DeployFailure(exitMessage(state));
        }
    }

    private static String exitMessage(InspectContainerResponse.ContainerState state) {
        Long code = state.getExitCodeLong();
        String message = "container exited with code " + (code == null ? "unknown" : code);
        if (code != null && code == 137) {
            message += " (killed: out of memory or signal)";
        }
        return message;
    }

    private boolean exited(Replica r) {
        try {
            var state = docker.inspectContainerCmd(r.containerId()).exec().getState();
            return state != null && "exited".equals(state.getStatus());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void remove(Replica r) {
        try {
            docker.removeContainerCmd(r.containerId()).withForce(true).withRemoveVolumes(true).exec();
        } catch (DockerException e) {
            if (!isNoSuchContainer(e)) {
                throw e;
            }
        }
        if (r.hostPort() > 0) {
            ports.release(r.hostPort());
        }
    }

    private void removeQuietly(Replica r) {
        try {
            remove(r);
        } catch (RuntimeException e) {
            log.warn("removing container {} failed: {}", r.containerId(), describe(e));
        }
    }

    /** Docker answers 404 for an unknown container; podman 4.3 often answers 500 "no such container". */
    private static boolean isNoSuchContainer(DockerException e) {
        return e instanceof NotFoundException
                || e.getHttpStatus() == 500 && e.getMessage() != null && e.getMessage().contains("no such container");
    }

    private List<Replica> list(UUID deploymentId) {
        List<Replica> replicas = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.DEPLOYMENT_ID, deploymentId.toString())).exec()) {
            Replica r = Replica.of(c);
            if (r != null) {
                replicas.add(r);
            }
        }
        return replicas;
    }

    private synchronized void ensurePortsLoaded() {
        if (portsLoaded) {
            return;
        }
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(Labels.DEPLOYMENT_ID)).exec()) {
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    if (p.getPublicPort() != null) {
                        ports.hold(p.getPublicPort());
                    }
                }
            }
            Replica r = Replica.of(c);
            if (r != null && r.hostPort() > 0) {
                ports.hold(r.hostPort());
            }
        }
        portsLoaded = true;
    }

    private void report(DeploymentDesiredState d, ObservedPhase phase, List<String> endpoints, String message) {
        if (phase == ObservedPhase.FAILED) {
            String key = d.generation() + "|" + message;
            if (key.equals(lastFailure.put(d.deploymentId(), key))) {
                return;
            }
        } else {
            lastFailure.remove(d.deploymentId());
        }
        listener.onObserved(new DeploymentObserved(d.deploymentId(), d.userId(), d.generation(), phase,
                Math.max(d.replicas(), 0), endpoints.size(), endpoints, 0, message, Instant.now()));
    }

    private static List<String> endpoints(Iterable<Replica> replicas) {
        List<String> endpoints = new ArrayList<>();
        for (Replica r : replicas) {
            endpoints.add(LOOPBACK + ":" + r.hostPort());
        }
        return endpoints;
    }

    private static Limits limitsOf(DeploymentDesiredState desired) {
        if (desired.resources() == null) {
            return new Limits(null, null);
        }
        try {
            return new Limits(Quantities.cpuToNanoCpus(desired.resources().cpu()),
                    Quantities.memoryToBytes(desired.resources().memory()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new DeployFailure("invalid resources: " + e.getMessage());
        }
    }

    static String containerName(DeploymentDesiredState d, int replica) {
        String app = d.appName() == null ? "app" : d.appName().replaceAll("[^a-zA-Z0-9_.-]", "-");
        return "ce-" + app + "-" + d.deploymentId().toString().substring(0, 8) + "-g" + d.generation() + "-r"
                + replica;
    }

    private static Map<String, String> labels(DeploymentDesiredState d, int replica, int hostPort) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.DEPLOYMENT_ID, d.deploymentId().toString());
        labels.put(Labels.USER_ID, String.valueOf(d.userId()));
        labels.put(Labels.GENERATION, Long.toString(d.generation()));
        labels.put(Labels.APP_NAME, String.valueOf(d.appName()));
        labels.put(Labels.REPLICA, Integer.toString(replica));
        labels.put(Labels.HOST_PORT, Integer.toString(hostPort));
        return labels;
    }

    /** A short readable reason, without stack traces or HTTP plumbing. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof DockerException de && message != null) {
            // docker-java prefixes "Status 500: {"cause":...,"message":"..."}": keep the engine's message.
            int at = message.indexOf("\"message\":\"");
            if (at >= 0) {
                int end = message.indexOf('"', at + 11);
                message = message.substring(at + 11, end > 0 ? end : message.length());
            }
        }
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }

    private static long parseLong(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private record Limits(Long nanoCpus, Long memoryBytes) {
    }

    /** One container of ours, as its labels describe it. */
    private record Replica(String containerId, UUID deploymentId, long generation, int replica, int hostPort,
            String state) {

        static Replica of(Container c) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            UUID deploymentId;
            try {
                deploymentId = UUID.fromString(labels.get(Labels.DEPLOYMENT_ID));
            } catch (RuntimeException e) {
                return null;
            }
            int hostPort = (int) parseLong(labels.get(Labels.HOST_PORT), -1);
            if (hostPort <= 0 && c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    if (p.getPublicPort() != null) {
                        hostPort = p.getPublicPort();
                        break;
                    }
                }
            }
            return new Replica(c.getId(), deploymentId, parseLong(labels.get(Labels.GENERATION), -1),
                    (int) parseLong(labels.get(Labels.REPLICA), -1), hostPort, c.getState());
        }

        boolean running() {
            return "running".equals(state);
        }
    }

    /** A deployment problem with a message fit for the user. */
    private static final class DeployFailure extends RuntimeException {
        DeployFailure(String message) {
            super(message, null, false, false);
        }
    }
}
