package io.containerengine.provisioner.runtime.local;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.provisioner.ports.HostPortAllocator;
import io.containerengine.provisioner.runtime.DeploymentMetrics;
import io.containerengine.provisioner.runtime.DeploymentQueue;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.containerengine.provisioner.runtime.LogLine;
import io.containerengine.provisioner.runtime.ObservedStateListener;
import io.containerengine.provisioner.runtime.RegistryPasswords;
import io.containerengine.provisioner.runtime.RolloutRecord;
import io.containerengine.provisioner.runtime.RolloutRecords;
import io.containerengine.provisioner.runtime.Runtime;

/**
 * Runs deployments as containers on a Docker Engine API (podman's service locally). The containers' labels say
 * what runs, so a restarted worker reads it back from the engine; what cannot be read there (which generation
 * serves after a rollback, restart counts) is kept in {@link RolloutRecords}.
 *
 * <ul>
 * <li>Same generation (first deploy, scale, start, re-apply): replicas are created or removed in place; each one
 * serves as soon as it is ready.</li>
 * <li>New generation while another serves (rolling update): the new replicas start beside the old ones; the
 * endpoints switch to them only when all are ready, then the old ones are removed. A new generation that does
 * not become ready in time is removed again and the old one keeps serving (reported as failed).</li>
 * <li>Self-healing: a serving replica that dies is restarted after a growing back-off; one that fails its
 * liveness probe is restarted at once; both count as restarts. {@link #reconcile} finds what the events stream
 * missed.</li>
 * </ul>
 * All changes of one deployment run on its {@link DeploymentQueue}; prober threads only read and report.
 */
public class LocalDockerRuntime implements Runtime, ReplicaProber.Listener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalDockerRuntime.class);
    private static final int MAX_MESSAGE = 300;

    private final DockerClient docker;
    private final HostPortAllocator ports;
    private final ObservedStateListener listener;
    private final DesiredStateLookup desiredStates;
    private final RolloutRecords records;
    private final LocalRuntimeSettings settings;
    private final ContainerFactory factory;
    private final ImagePuller puller;
    private final ReplicaProber prober;
    private final CrashBackoff backoff;
    private final ContainerLogs logs;
    private final ContainerMetrics metrics;
    private final Map<UUID, DeploymentTracker> trackers = new ConcurrentHashMap<>();
    private final Map<UUID, Long> supersededBy = new ConcurrentHashMap<>();
    /** Heals waiting for their back-off, by deployment/replica, with the delay they waited. */
    private final Map<String, Duration> pendingHeals = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-restart-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile DeploymentQueue queue = DeploymentQueue.DIRECT;
    private volatile boolean portsLoaded;

    public LocalDockerRuntime(DockerClient docker, HostPortAllocator ports, ObservedStateListener listener,
            DesiredStateLookup desiredStates, RolloutRecords records, RegistryPasswords passwords,
            LocalRuntimeSettings settings) {
        this.docker = docker;
        this.ports = ports;
        this.listener = listener;
        this.desiredStates = desiredStates;
        this.records = records;
        this.settings = settings;
        this.factory = new ContainerFactory(docker, settings);
        this.puller = new ImagePuller(docker, passwords, settings.pullTimeout());
        this.prober = new ReplicaProber(this);
        this.backoff = new CrashBackoff(settings.crashBackoffInitial(), settings.crashBackoffMax(),
                settings.crashBackoffReset());
        this.logs = new ContainerLogs(docker);
        this.metrics = new ContainerMetrics(docker);
    }

    /** Where restarts and other follow-up work of a deployment are queued (its executor chain). */
    public void useQueue(DeploymentQueue queue) {
        this.queue = queue;
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
    public void close() {
        timers.shutdownNow();
        prober.close();
        metrics.close();
    }

    // ---------------------------------------------------------------------------------------------- apply

    @Override
    public void apply(DeploymentDesiredState desired) {
        apply(desired, true);
    }

    /**
     * @param announce whether to report the outcome even when nothing changed (an event asked for it); a
     *                 reconciliation pass reports changes only
     */
    private void apply(DeploymentDesiredState desired, boolean announce) {
        UUID id = desired.deploymentId();
        DeploymentTracker t = trackers.computeIfAbsent(id, DeploymentTracker::new);
        boolean firstSight;
        synchronized (t) {
            firstSight = t.desired == null;
            t.desired = desired;
            t.markApply();
        }
        try {
            ensurePortsLoaded();
            RolloutRecord rec = records.load(id);
            List<Replica> existing = list(id);
            pruneTracked(t, existing);
            if (firstSight && existing.stream().anyMatch(Replica::running)) {
                // A restarted worker: report once it knows which of the running replicas are ready.
                synchronized (t) {
                    t.quiet = true;
                }
            }
            if (desired.replicas() <= 0) {
                stop(t, desired, existing, rec, announce);
            } else if (rec.failedGeneration() == desired.generation()) {
                keepRolledBack(t, rec, existing, announce);
            } else if (otherTemplateServes(rec, desired, existing)) {
                rollout(t, desired, rec, existing);
            } else {
                converge(t, desired, rec, existing, announce);
            }
        } catch (Superseded s) {
            log.info("deployment {} generation {}: superseded by a newer desired state", id, desired.generation());
        } catch (DeployFailure f) {
            failWith(t, f.getMessage());
        } catch (RuntimeException e) {
            log.warn("apply of deployment {} failed", id, e);
            failWith(t, "container runtime error: " + describe(e));
        } finally {
            boolean wasQuiet;
            synchronized (t) {
                wasQuiet = t.quiet;
                t.quiet = false;
            }
            if (wasQuiet) {
                publish(t, false);
            }
        }
    }

    private static boolean otherTemplateServes(RolloutRecord rec, DeploymentDesiredState desired,
            List<Replica> existing) {
        DeploymentDesiredState serving = rec.serving();
        if (serving == null || serving.replicas() <= 0) {
            return false;
        }
        String servingTemplate = Templates.of(serving);
        if (servingTemplate.equals(Templates.of(desired))) {
            return false;
        }
        return existing.stream().anyMatch(r -> r.template().equals(servingTemplate) && r.running());
    }

    private void stop(DeploymentTracker t, DeploymentDesiredState desired, List<Replica> existing,
            RolloutRecord rec, boolean announce) {
        synchronized (t) {
            t.serve(desired);
            t.rolling = false;
            t.rolloutFailure = null;
            t.restartCount = 0;
        }
        existing.forEach(r -> remove(t, r.containerId(), r.hostPort()));
        records.save(desired.deploymentId(), rec.withServing(desired, false));
        finish(t, announce);
    }

    /**
     * In place: the desired template is the serving one (a scale, a start, a re-apply) or nothing else serves
     * (a first deploy). Replicas are added or removed; each serves as soon as it is ready.
     */
    private void converge(DeploymentTracker t, DeploymentDesiredState desired, RolloutRecord rec,
            List<Replica> existing, boolean announce) {
        UUID id = desired.deploymentId();
        String template = Templates.of(desired);
        boolean established = rec.serving() != null && rec.serving().replicas() > 0
                && Templates.of(rec.serving()).equals(template) && rec.failedGeneration() != desired.generation();
        synchronized (t) {
            t.serve(desired);
            t.rolling = false;
            t.rolloutFailure = null;
            t.restartCount = established ? rec.restartCount() : 0;
        }
        Map<Integer, Replica> keep = new TreeMap<>();
        List<Replica> removeNow = new ArrayList<>();
        List<Replica> others = new ArrayList<>();
        for (Replica r : existing) {
            if (!r.template().equals(template)) {
                others.add(r);
            } else if (r.index() >= 0 && r.index() < desired.replicas() && r.running() && r.hostPort() > 0
                    && !keep.containsKey(r.index())) {
                keep.put(r.index(), r);
            } else {
                removeNow.add(r); // scaled away, a duplicate, or a leftover that never ran
            }
        }
        keep.values().forEach(r -> track(t, desired, r));
        // Scaled-away replicas leave the endpoints before they go.
        removeNow.forEach(r -> {
            prober.unwatch(r.containerId());
            t.forget(r.containerId());
        });
        if (!removeNow.isEmpty()) {
            publish(t, false);
        }
        removeNow.forEach(r -> remove(t, r.containerId(), r.hostPort()));

        List<DeploymentTracker.TrackedReplica> created = new ArrayList<>();
        try {
            if (keep.size() < desired.replicas()) {
                publish(t, false);
                ContainerFactory.Limits limits = ContainerFactory.Limits.of(desired);
                puller.ensure(desired);
                for (int i = 0; i < desired.replicas(); i++) {
                    if (!keep.containsKey(i)) {
                        created.add(createAndStart(t, desired, i, limits));
                    }
                }
            }
            awaitReady(t, desired, t.ofTemplate(template));
        } catch (DeployFailure f) {
            if (established) {
                // More replicas of a serving template: what runs keeps serving; the new ones are self-healed.
                for (var r : t.ofTemplate(template)) {
                    if (!prober.status(r.containerId).ready() && r.problem == null) {
                        r.problem = f.getMessage() + " (replica " + r.index + ")";
                        scheduleHeal(t, r.index);
                    }
                }
                others.forEach(r -> remove(t, r.containerId(), r.hostPort()));
                records.save(id, rec.withServing(desired, true));
                publish(t, false);
                return;
            }
            log.info("deployment {} generation {} failed: {}", id, desired.generation(), f.getMessage());
            // Nothing of a version that never became ready keeps running; exited replicas stay for their logs.
            for (var r : t.ofTemplate(template)) {
                prober.unwatch(r.containerId);
                t.forget(r.containerId);
                if (!exited(r.containerId)) {
                    remove(t, r.containerId, r.hostPort);
                }
            }
            others.forEach(r -> remove(t, r.containerId(), r.hostPort()));
            synchronized (t) {
                t.rolloutFailure = f.getMessage();
            }
            records.save(id, rec.withServing(null, false).withFailure(desired.generation(), f.getMessage()));
            publish(t, false);
            return;
        }
        others.forEach(r -> remove(t, r.containerId(), r.hostPort()));
        records.save(id, rec.withServing(desired, established).withRestartCount(t.restartCount));
        if (!created.isEmpty() || !removeNow.isEmpty()) {
            log.info("deployment {} generation {}: {} replica(s) running", id, desired.generation(),
                    desired.replicas());
        }
        finish(t, announce);
    }

    /** A new template starts beside the serving one and takes over only when all its replicas are ready. */
    private void rollout(DeploymentTracker t, DeploymentDesiredState desired, RolloutRecord rec,
            List<Replica> existing) {
        UUID id = desired.deploymentId();
        DeploymentDesiredState serving = rec.serving();
        String oldTemplate = Templates.of(serving);
        String newTemplate = Templates.of(desired);
        long startedAt = System.nanoTime();
        synchronized (t) {
            t.serve(serving);
            t.rolling = true;
            t.rolloutFailure = null;
            t.restartCount = rec.restartCount();
        }
        Map<Integer, Replica> keepNew = new TreeMap<>();
        Set<Integer> servingIndexes = new HashSet<>();
        for (Replica r : existing) {
            if (r.template().equals(oldTemplate) && r.index() >= 0 && r.index() < serving.replicas()
                    && servingIndexes.add(r.index())) {
                if (r.running()) {
                    track(t, serving, r);
                } else {
                    trackDown(t, r);
                }
            } else if (r.template().equals(newTemplate) && r.running() && r.hostPort() > 0 && r.index() >= 0
                    && r.index() < desired.replicas() && !keepNew.containsKey(r.index())) {
                keepNew.put(r.index(), r); // from an interrupted rollout
                track(t, desired, r);
            } else {
                remove(t, r.containerId(), r.hostPort());
            }
        }
        settleQuietly(t, t.ofTemplate(oldTemplate));
        publish(t, false);
        try {
            ContainerFactory.Limits limits = ContainerFactory.Limits.of(desired);
            puller.ensure(desired);
            for (int i = 0; i < desired.replicas(); i++) {
                if (!keepNew.containsKey(i)) {
                    createAndStart(t, desired, i, limits);
                }
            }
            awaitReady(t, desired, t.ofTemplate(newTemplate));
        } catch (DeployFailure f) {
            String message = "new version (generation " + desired.generation() + ") did not become ready: "
                    + f.getMessage() + "; rolled back: generation " + serving.generation()
                    + " keeps serving";
            log.info("deployment {}: {}", id, message);
            for (var r : t.ofTemplate(newTemplate)) {
                remove(t, r.containerId, r.hostPort);
            }
            synchronized (t) {
                t.rolling = false;
                t.rolloutFailure = message;
            }
            records.save(id, rec.withFailure(desired.generation(), message));
            publish(t, false);
            return;
        }
        // Traffic moves: the new endpoints are reported before the old replicas go.
        synchronized (t) {
            t.serve(desired);
            t.rolling = false;
            t.restartCount = 0;
        }
        records.save(id, rec.withServing(desired, false));
        publish(t, true);
        log.info("deployment {} rolled from generation {} to {} in {} ms", id, serving.generation(),
                desired.generation(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        // The old replicas go after the drain period: the new endpoints still have to reach the gateway, which
        // keeps sending requests to the old ones until then.
        Duration drain = settings.drainPeriod();
        if (drain.isZero() || drain.isNegative()) {
            removeReplaced(id);
        } else {
            timers.schedule(() -> queue.submit(id, () -> removeReplaced(id)), drain.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Removes the replicas of every template but the one that serves now (run in the deployment's order). */
    private void removeReplaced(UUID id) {
        DeploymentTracker t = trackers.get(id);
        if (t == null) {
            return; // deleted meanwhile: its removal took everything
        }
        String serving;
        synchronized (t) {
            if (t.rolling || t.serving == null) {
                return; // a newer rollout owns the cleanup now
            }
            serving = Templates.of(t.serving);
        }
        for (var old : t.all()) {
            if (!old.template.equals(serving)) {
                remove(t, old.containerId, old.hostPort);
            }
        }
        for (Replica r : list(id)) {
            if (!r.template().equals(serving)) {
                remove(t, r.containerId(), r.hostPort());
            }
        }
    }

    /** The desired generation was rolled back (or never became ready) before: keep the serving one healthy. */
    private void keepRolledBack(DeploymentTracker t, RolloutRecord rec, List<Replica> existing, boolean announce) {
        DeploymentDesiredState serving = rec.serving();
        synchronized (t) {
            t.serve(serving);
            t.rolling = false;
            t.rolloutFailure = rec.failureMessage();
            t.restartCount = rec.restartCount();
        }
        if (serving != null && serving.replicas() > 0) {
            heal(t, serving, existing);
            settleQuietly(t, t.ofTemplate(Templates.of(serving)));
        } else {
            for (Replica r : existing) {
                if (r.running()) {
                    remove(t, r.containerId(), r.hostPort());
                }
            }
        }
        finish(t, announce);
    }

    private void failWith(DeploymentTracker t, String message) {
        synchronized (t) {
            t.rolling = false;
            t.rolloutFailure = message;
        }
        publish(t, false);
    }

    private DeploymentTracker.TrackedReplica createAndStart(DeploymentTracker t, DeploymentDesiredState desired,
            int index, ContainerFactory.Limits limits) {
        int hostPort = ports.allocate();
        String containerId;
        try {
            containerId = factory.create(desired, index, hostPort, limits);
        } catch (RuntimeException e) {
            ports.release(hostPort);
            throw new DeployFailure("container create failed: " + describe(e));
        }
        var tracked = new DeploymentTracker.TrackedReplica(containerId, ContainerFactory.name(desired, index), index,
                Templates.of(desired), hostPort, Instant.now());
        t.add(tracked);
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            throw new DeployFailure("container start failed: " + describe(e));
        }
        tracked.startedAt = Instant.now();
        prober.watch(desired.deploymentId(), containerId, settings.advertisedAddress(), hostPort,
                desired.healthCheck(), tracked.startedAt);
        return tracked;
    }

    /** Gives re-learnt replicas a moment to pass a probe, so a restarted worker does not report them unready. */
    private void settleQuietly(DeploymentTracker t, List<DeploymentTracker.TrackedReplica> replicas) {
        boolean quiet;
        synchronized (t) {
            quiet = t.quiet;
        }
        if (!quiet) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline
                && !replicas.stream().allMatch(r -> r.problem != null || prober.status(r.containerId).probed())) {
            try {
                t.await(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits until every replica in {@code waitFor} is ready. A replica that stops fails at once, with its exit
     * reason; the wait ends after the health check's initial delay plus the readiness timeout.
     */
    private void awaitReady(DeploymentTracker t, DeploymentDesiredState desired,
            List<DeploymentTracker.TrackedReplica> waitFor) {
        waitFor.forEach(r -> t.awaiting.add(r.containerId));
        try {
            awaitReadyLoop(t, desired, waitFor);
        } finally {
            t.awaiting.clear();
        }
    }

    private void awaitReadyLoop(DeploymentTracker t, DeploymentDesiredState desired,
            List<DeploymentTracker.TrackedReplica> waitFor) {
        int initialDelay = desired.healthCheck() == null ? 0 : Math.max(0, desired.healthCheck().initialDelaySeconds());
        Duration limit = settings.readinessTimeout().plusSeconds(initialDelay);
        long deadline = System.nanoTime() + limit.toNanos();
        long nextStateCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (true) {
            List<DeploymentTracker.TrackedReplica> notReady = new ArrayList<>();
            for (var r : waitFor) {
                if (!prober.status(r.containerId).ready()) {
                    notReady.add(r);
                }
            }
            if (notReady.isEmpty()) {
                return;
            }
            if (supersededBy.getOrDefault(desired.deploymentId(), Long.MIN_VALUE) > desired.generation()) {
                throw new Superseded();
            }
            long now = System.nanoTime();
            if (now >= nextStateCheck || now >= deadline) {
                nextStateCheck = now + TimeUnit.MILLISECONDS.toNanos(300);
                for (var r : notReady) {
                    InspectContainerResponse.ContainerState state = inspectState(r.containerId);
                    if (state == null) {
                        throw new DeployFailure("replica " + r.index + " was removed while starting");
                    }
                    if (!Boolean.TRUE.equals(state.getRunning())) {
                        throw new DeployFailure(ExitReasons.of(state, memoryOf(desired)));
                    }
                }
            }
            if (now >= deadline) {
                String detail = prober.status(notReady.get(0).containerId).lastError();
                if (desired.healthCheck() == null || desired.healthCheck().path() == null
                        || desired.healthCheck().path().isBlank()) {
                    throw new DeployFailure("app did not accept connections on port " + desired.port() + " within "
                            + limit.toSeconds() + " s");
                }
                throw new DeployFailure("app did not pass its health check within " + limit.toSeconds() + " s"
                        + (detail == null ? "" : " (" + detail + ")"));
            }
            try {
                t.await(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployFailure("interrupted while waiting for the app to start");
            }
        }
    }

    @Override
    public void superseded(UUID deploymentId, long generation) {
        supersededBy.merge(deploymentId, generation, Math::max);
        DeploymentTracker t = trackers.get(deploymentId);
        if (t != null) {
            t.signal();
        }
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Override
    public void delete(DeploymentDeleted deleted) {
        UUID id = deleted.deploymentId();
        DeploymentTracker t = trackers.computeIfAbsent(id, DeploymentTracker::new);
        try {
            ensurePortsLoaded();
            list(id).forEach(r -> remove(t, r.containerId(), r.hostPort()));
        } catch (RuntimeException e) {
            // Still report deleted: the deployment is gone for the platform; reconciliation removes leftovers.
            log.warn("removing containers of deleted deployment {} failed: {}", id, describe(e));
        }
        forgetDeployment(id);
        listener.onObserved(new DeploymentObserved(id, deleted.userId(), deleted.generation(),
                ObservedPhase.DELETED, 0, 0, List.of(), 0, null, Instant.now()));
    }

    @Override
    public void removeOrphan(UUID deploymentId) {
        ensurePortsLoaded();
        DeploymentTracker t = trackers.computeIfAbsent(deploymentId, DeploymentTracker::new);
        list(deploymentId).forEach(r -> remove(t, r.containerId(), r.hostPort()));
        forgetDeployment(deploymentId);
    }

    private void forgetDeployment(UUID id) {
        DeploymentTracker t = trackers.remove(id);
        if (t != null) {
            t.all().forEach(r -> prober.unwatch(r.containerId));
        }
        backoff.forget(id);
        supersededBy.remove(id);
        pendingHeals.keySet().removeIf(k -> k.startsWith(id + "/"));
    }

    // ---------------------------------------------------------------------------------------------- healing

    @Override
    public boolean matches(DeploymentDesiredState desired) {
        String template = Templates.of(desired);
        Set<Integer> running = new HashSet<>();
        for (Replica r : list(desired.deploymentId())) {
            if (!r.template().equals(template) || r.index() < 0 || r.index() >= desired.replicas()
                    || !r.running() || !running.add(r.index())) {
                return false;
            }
        }
        return running.size() == Math.max(desired.replicas(), 0);
    }

    /** Periodic and startup pass: learns what the worker does not know yet, heals the serving replicas. */
    @Override
    public void reconcile(DeploymentDesiredState desired) {
        UUID id = desired.deploymentId();
        DeploymentTracker t = trackers.get(id);
        if (t == null) {
            apply(desired, false); // first sight after a (re)start
            return;
        }
        DeploymentDesiredState known;
        DeploymentDesiredState serving;
        String failure;
        synchronized (t) {
            known = t.desired;
            serving = t.serving;
            failure = t.rolloutFailure;
        }
        try {
            RolloutRecord rec = records.load(id);
            if (known == null || known.generation() < desired.generation()
                    || failure != null && rec.failedGeneration() != desired.generation()) {
                apply(desired, false); // an event this worker missed, or a failure that was not the app's (retry)
                return;
            }
            ensurePortsLoaded();
            List<Replica> existing = list(id);
            if (rec.failedGeneration() == desired.generation()) {
                keepRolledBack(t, rec, existing, false);
            } else if (desired.replicas() <= 0 || serving == null || serving.replicas() <= 0) {
                existing.forEach(r -> remove(t, r.containerId(), r.hostPort()));
                publish(t, false);
            } else {
                heal(t, serving, existing);
                publish(t, false);
            }
        } catch (RuntimeException e) {
            log.warn("reconciling deployment {} failed: {}", id, describe(e));
        }
    }

    /**
     * Makes the serving replicas whole: running ones are watched, stopped or missing ones restarted (after their
     * back-off), anything else of the deployment removed.
     */
    private void heal(DeploymentTracker t, DeploymentDesiredState serving, List<Replica> existing) {
        String template = Templates.of(serving);
        Set<Integer> present = new HashSet<>();
        for (Replica r : existing) {
            boolean wanted = r.template().equals(template) && r.index() >= 0 && r.index() < serving.replicas()
                    && r.hostPort() > 0 && !present.contains(r.index());
            if (!wanted) {
                remove(t, r.containerId(), r.hostPort());
                continue;
            }
            present.add(r.index());
            if (r.running()) {
                track(t, serving, r);
            } else {
                var tracked = t.get(r.containerId());
                if (tracked == null || tracked.problem == null) {
                    // stopped without the events stream telling (e.g. while it was reconnecting)
                    var down = trackDown(t, r);
                    replicaDown(t, down, ExitReasons.of(inspectState(r.containerId()), memoryOf(serving)));
                }
            }
        }
        pruneTracked(t, existing);
        for (int i = 0; i < serving.replicas(); i++) {
            if (!present.contains(i) && !pendingHeals.containsKey(healKey(t.deploymentId, i))) {
                log.info("replica {} of deployment {} is missing: re-creating it", i, t.deploymentId);
                scheduleHeal(t, i);
            }
        }
    }

    /** Forgets tracked containers the engine no longer has. */
    private void pruneTracked(DeploymentTracker t, List<Replica> existing) {
        Set<String> ids = new HashSet<>();
        existing.forEach(r -> ids.add(r.containerId()));
        for (var tracked : t.all()) {
            if (!ids.contains(tracked.containerId)) {
                prober.unwatch(tracked.containerId);
                t.forget(tracked.containerId);
            }
        }
    }

    /** A container of ours died (from the events stream, run in the deployment's order). */
    public void containerDied(UUID deploymentId, String containerId, Map<String, String> labels) {
        if (!settings.instanceId().equals(labels.get(Labels.INSTANCE))) {
            return; // another platform instance's container
        }
        DeploymentTracker t = trackers.get(deploymentId);
        if (t == null) {
            return; // not known yet: reconciliation will look at it
        }
        var tracked = t.get(containerId);
        if (tracked == null) {
            return; // removed by us, or replaced
        }
        InspectContainerResponse.ContainerState state = inspectState(containerId);
        if (state != null && Boolean.TRUE.equals(state.getRunning())) {
            return; // restarted already (liveness restart)
        }
        DeploymentDesiredState spec;
        synchronized (t) {
            spec = tracked.template.equals(t.servingTemplate) ? t.serving : t.desired;
        }
        prober.unwatch(containerId);
        if (state == null) {
            t.forget(containerId);
            replicaDown(t, tracked, "container was removed");
        } else {
            replicaDown(t, tracked, ExitReasons.of(state, memoryOf(spec)));
        }
    }

    private void replicaDown(DeploymentTracker t, DeploymentTracker.TrackedReplica tracked, String reason) {
        synchronized (t) {
            if (t.serving == null || !tracked.template.equals(t.servingTemplate)) {
                return; // not a serving replica: nothing to heal
            }
        }
        Duration delay = backoff.nextDelay(t.deploymentId, tracked.index, Instant.now());
        tracked.problem = reason + " (replica " + tracked.index + "; restarting in " + readable(delay) + ")";
        log.info("deployment {} replica {} is down: {}", t.deploymentId, tracked.index, reason);
        t.signal();
        publish(t, false);
        scheduleHeal(t, tracked.index);
    }

    private void scheduleHeal(DeploymentTracker t, int index) {
        String key = healKey(t.deploymentId, index);
        Duration delay = backoff.nextDelay(t.deploymentId, index, Instant.now());
        if (pendingHeals.putIfAbsent(key, delay) != null) {
            return;
        }
        try {
            timers.schedule(() -> queue.submit(t.deploymentId, () -> healReplica(t.deploymentId, index)),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            pendingHeals.remove(key);
        }
    }

    /** Restarts (or re-creates) a serving replica after its back-off; on the deployment's queue. */
    private void healReplica(UUID id, int index) {
        Duration waited = pendingHeals.remove(healKey(id, index));
        DeploymentTracker t = trackers.get(id);
        if (t == null || waited == null) {
            return;
        }
        DeploymentDesiredState serving;
        String template;
        synchronized (t) {
            serving = t.serving;
            template = t.servingTemplate;
        }
        if (serving == null || index >= serving.replicas() || t.desired.replicas() <= 0) {
            return;
        }
        try {
            List<Replica> existing = list(id);
            pruneTracked(t, existing);
            Replica stopped = null;
            for (Replica r : existing) {
                if (r.template().equals(template) && r.index() == index) {
                    if (r.running()) {
                        track(t, serving, r);
                        return; // someone else brought it back
                    }
                    stopped = r;
                }
            }
            Instant now = Instant.now();
            DeploymentTracker.TrackedReplica tracked;
            if (stopped != null) {
                tracked = t.get(stopped.containerId());
                if (tracked == null) {
                    tracked = trackDown(t, stopped);
                }
                docker.startContainerCmd(stopped.containerId()).exec();
            } else {
                // Removed behind our back: a new container (named after the serving generation) takes its place.
                tracked = createAndStart(t, serving, index, ContainerFactory.Limits.of(serving));
            }
            tracked.problem = null;
            tracked.startedAt = Instant.now();
            // a replaced container (removed behind our back, or going) no longer stands for this replica
            for (var other : t.ofTemplate(template)) {
                if (other.index == index && other != tracked) {
                    prober.unwatch(other.containerId);
                    t.forget(other.containerId);
                }
            }
            backoff.restarted(id, index, now, waited);
            restarted(t);
            prober.watch(id, tracked.containerId, settings.advertisedAddress(), tracked.hostPort,
                    serving.healthCheck(), tracked.startedAt);
            log.info("deployment {} replica {} restarted (restart {})", id, index, t.restartCount);
            publish(t, false);
        } catch (RuntimeException e) {
            log.warn("restarting replica {} of deployment {} failed: {}", index, id, describe(e));
            backoff.restarted(id, index, Instant.now(), waited);
            scheduleHeal(t, index);
        }
    }

    /** A replica failed its liveness probe (prober thread): it is restarted on the deployment's queue. */
    @Override
    public void livenessFailed(UUID deploymentId, String containerId, String reason) {
        DeploymentTracker t = trackers.get(deploymentId);
        if (t == null) {
            return;
        }
        var tracked = t.get(containerId);
        if (tracked == null || t.awaiting.contains(containerId)) {
            return; // being rolled out: not ready in time means the rollout fails, not a restart
        }
        tracked.problem = "health check failed: " + reason + " (replica " + tracked.index + "; restarting)";
        t.signal();
        publish(t, false);
        queue.submit(deploymentId, () -> restartUnhealthy(t, containerId));
    }

    private void restartUnhealthy(DeploymentTracker t, String containerId) {
        var tracked = t.get(containerId);
        if (tracked == null || trackers.get(t.deploymentId) != t) {
            return; // removed meanwhile
        }
        DeploymentDesiredState spec;
        synchronized (t) {
            spec = tracked.template.equals(t.servingTemplate) ? t.serving : t.desired;
        }
        try {
            docker.restartContainerCmd(containerId).withTimeout(2).exec();
            tracked.problem = null;
            tracked.startedAt = Instant.now();
            restarted(t);
            prober.watch(t.deploymentId, containerId, settings.advertisedAddress(), tracked.hostPort,
                    spec.healthCheck(), tracked.startedAt);
            log.info("deployment {} replica {} restarted after failed health checks (restart {})", t.deploymentId,
                    tracked.index, t.restartCount);
        } catch (RuntimeException e) {
            log.warn("restarting unhealthy replica {} failed: {}", containerId, describe(e));
            replicaDown(t, tracked, "restart after failed health checks failed: " + describe(e));
        }
        publish(t, false);
    }

    private void restarted(DeploymentTracker t) {
        int count;
        synchronized (t) {
            count = ++t.restartCount;
        }
        RolloutRecord rec = records.load(t.deploymentId);
        records.save(t.deploymentId, rec.withRestartCount(count));
    }

    @Override
    public void readinessChanged(UUID deploymentId, String containerId) {
        DeploymentTracker t = trackers.get(deploymentId);
        if (t != null) {
            t.signal();
            publish(t, false);
        }
    }

    // ---------------------------------------------------------------------------------------------- lookups

    @Override
    public Set<UUID> deploymentIds() {
        Set<UUID> ids = new HashSet<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.INSTANCE, settings.instanceId())).exec()) {
            Replica r = Replica.of(c);
            if (r != null) {
                ids.add(r.deploymentId());
            }
        }
        return ids;
    }

    @Override
    public List<LogLine> logs(UUID deploymentId, int tail) {
        return logs.tail(list(deploymentId), tail);
    }

    @Override
    public Closeable followLogs(UUID deploymentId, int tail, Consumer<LogLine> sink) {
        return logs.follow(() -> list(deploymentId), tail, sink);
    }

    @Override
    public Optional<DeploymentMetrics> metrics(UUID deploymentId) {
        List<Replica> running = list(deploymentId).stream().filter(Replica::running).toList();
        return metrics.sample(running);
    }

    /** The containers of a deployment of this instance, as the engine lists them. */
    List<Replica> list(UUID deploymentId) {
        List<Replica> replicas = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.DEPLOYMENT_ID, deploymentId.toString(),
                        Labels.INSTANCE, settings.instanceId()))
                .exec()) {
            Replica r = Replica.of(c);
            if (r != null) {
                replicas.add(r);
            }
        }
        return replicas;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Starts watching a running container the runtime did not know (after a restart of the worker). */
    private void track(DeploymentTracker t, DeploymentDesiredState spec, Replica r) {
        var tracked = t.get(r.containerId());
        if (tracked == null) {
            tracked = new DeploymentTracker.TrackedReplica(r.containerId(), r.name(), r.index(), r.template(),
                    r.hostPort(), startedAt(r.containerId()));
            t.add(tracked);
        }
        if (!prober.watching(r.containerId())) {
            prober.watch(t.deploymentId, r.containerId(), settings.advertisedAddress(), r.hostPort(),
                    spec.healthCheck(), tracked.startedAt);
        }
        ports.hold(r.hostPort());
    }

    private DeploymentTracker.TrackedReplica trackDown(DeploymentTracker t, Replica r) {
        var tracked = t.get(r.containerId());
        if (tracked == null) {
            tracked = new DeploymentTracker.TrackedReplica(r.containerId(), r.name(), r.index(), r.template(),
                    r.hostPort(), Instant.now());
            t.add(tracked);
        }
        prober.unwatch(r.containerId());
        if (r.hostPort() > 0) {
            ports.hold(r.hostPort());
        }
        return tracked;
    }

    private Instant startedAt(String containerId) {
        try {
            String started = docker.inspectContainerCmd(containerId).exec().getState().getStartedAt();
            return started == null ? Instant.now() : Instant.parse(started);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private InspectContainerResponse.ContainerState inspectState(String containerId) {
        try {
            return docker.inspectContainerCmd(containerId).exec().getState();
        } catch (DockerException e) {
            if (isNoSuchContainer(e)) {
                return null;
            }
            throw e;
        }
    }

    private boolean exited(String containerId) {
        try {
            var state = inspectState(containerId);
            return state != null && "exited".equals(state.getStatus());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void remove(DeploymentTracker t, String containerId, int hostPort) {
        prober.unwatch(containerId);
        t.forget(containerId);
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (DockerException e) {
            if (!isNoSuchContainer(e)) {
                throw e;
            }
        }
        if (hostPort > 0) {
            ports.release(hostPort);
        }
    }

    /** Docker answers 404 for an unknown container; podman 4.3 often answers 500 "no such container". */
    static boolean isNoSuchContainer(DockerException e) {
        return e instanceof NotFoundException
                || e.getHttpStatus() == 500 && e.getMessage() != null && e.getMessage().contains("no such container");
    }

    private synchronized void ensurePortsLoaded() {
        if (portsLoaded) {
            return;
        }
        // All instances' containers: a port held by another platform on this engine must not be handed out.
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

    /** The end of an apply: an event asked for an answer, so one is sent even if nothing changed. */
    private void finish(DeploymentTracker t, boolean announce) {
        publish(t, announce && !t.publishedSinceMark());
    }

    private void publish(DeploymentTracker t, boolean force) {
        synchronized (t) {
            if (t.desired == null || trackers.get(t.deploymentId) != t || t.quiet && !force) {
                return;
            }
            DeploymentObserved observed = t.observe(prober::status, settings.advertisedAddress());
            if (t.changed(observed, force)) {
                listener.onObserved(observed);
            }
        }
    }

    private static String memoryOf(DeploymentDesiredState spec) {
        return spec == null || spec.resources() == null ? null : spec.resources().memory();
    }

    private static String healKey(UUID id, int index) {
        return id + "/" + index;
    }

    private static String readable(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    /** A short readable reason, without stack traces or HTTP plumbing. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof DockerException && message != null) {
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

    /** A newer desired state is queued: the current rollout stops waiting and leaves the rest to it. */
    private static final class Superseded extends RuntimeException {
        Superseded() {
            super(null, null, false, false);
        }
    }
}
