package io.containerengine.provisioner.runtime.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;

/**
 * What the local runtime knows of one deployment between engine calls: the newest desired state, the desired
 * state being served (its replicas are the endpoints; during a rolling update the old one, after a rollback still
 * the old one), the containers it watches and why the deployment is failing, if it is. Guarded by its own
 * monitor: the deployment's work queue changes it, prober threads read it and wait on it.
 */
final class DeploymentTracker {

    /** One container the runtime watches. */
    static final class TrackedReplica {
        final String containerId;
        final String name;
        final int index;
        final String template;
        final int hostPort;
        volatile Instant startedAt;
        /** Why it is down (crash, failed liveness), cleared when it is ready again. */
        volatile String problem;

        TrackedReplica(String containerId, String name, int index, String template, int hostPort,
                Instant startedAt) {
            this.containerId = containerId;
            this.name = name;
            this.index = index;
            this.template = template;
            this.hostPort = hostPort;
            this.startedAt = startedAt;
        }
    }

    /** The parts of an observation whose change is worth an event. */
    private record Key(long generation, ObservedPhase phase, int desired, int ready, List<String> endpoints,
            int restarts, String message, String health) {
    }

    final UUID deploymentId;
    DeploymentDesiredState desired;
    /** The desired state whose ready replicas are the endpoints; null before anything was deployed. */
    DeploymentDesiredState serving;
    /** {@link Templates#of} the serving state. */
    String servingTemplate;
    /** Set while a restarted worker re-learns running replicas: no partial observations until it knows them. */
    boolean quiet;
    /** A newer generation is starting beside the serving one. */
    boolean rolling;
    /** Why the newest generation was rolled back or never became ready; kept until a newer generation. */
    String rolloutFailure;
    int restartCount;
    final Map<String, TrackedReplica> replicas = new LinkedHashMap<>();
    /**
     * Containers an apply is waiting for: their readiness decides the rollout, so a failing liveness probe does not
     * restart them meanwhile.
     */
    final java.util.Set<String> awaiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Key lastPublished;
    /** Observations published so far, and the count when the running apply began. */
    private long published;
    long applyMark;

    DeploymentTracker(UUID deploymentId) {
        this.deploymentId = deploymentId;
    }

    synchronized void add(TrackedReplica replica) {
        replicas.put(replica.containerId, replica);
        notifyAll();
    }

    synchronized TrackedReplica forget(String containerId) {
        TrackedReplica removed = replicas.remove(containerId);
        notifyAll();
        return removed;
    }

    synchronized TrackedReplica get(String containerId) {
        return replicas.get(containerId);
    }

    synchronized void serve(DeploymentDesiredState state) {
        serving = state;
        servingTemplate = state == null ? null : Templates.of(state);
    }

    synchronized List<TrackedReplica> ofTemplate(String template) {
        List<TrackedReplica> list = new ArrayList<>();
        for (TrackedReplica r : replicas.values()) {
            if (r.template.equals(template)) {
                list.add(r);
            }
        }
        list.sort(Comparator.comparingInt(r -> r.index));
        return list;
    }

    synchronized List<TrackedReplica> all() {
        return new ArrayList<>(replicas.values());
    }

    synchronized void markApply() {
        applyMark = published;
    }

    /** Whether anything was published since {@link #markApply}. */
    synchronized boolean publishedSinceMark() {
        return published != applyMark;
    }

    /** Wakes a rollout waiting for readiness. */
    synchronized void signal() {
        notifyAll();
    }

    synchronized void await(long millis) throws InterruptedException {
        wait(millis);
    }

    /**
     * The observation as of now.
     *
     * @param status the prober's view of a container
     * @param advertised the address endpoints are reported with
     */
    synchronized DeploymentObserved observe(java.util.function.Function<String, ReplicaProber.Status> status,
            String advertised) {
        DeploymentDesiredState d = desired;
        int desiredReplicas = Math.max(d.replicas(), 0);
        List<String> endpoints = new ArrayList<>();
        Instant runningSince = null;
        Instant lastCheck = null;
        boolean anyProbed = false;
        boolean anyUnhealthy = false;
        boolean allProbedOk = true;
        String problem = null;
        List<TrackedReplica> servingReplicas = serving == null ? List.of() : ofTemplate(servingTemplate);
        for (TrackedReplica r : servingReplicas) {
            if (r.index >= Math.max(serving.replicas(), 0)) {
                continue; // being scaled away
            }
            ReplicaProber.Status s = status.apply(r.containerId);
            if (s.lastProbeAt() != null && (lastCheck == null || s.lastProbeAt().isAfter(lastCheck))) {
                lastCheck = s.lastProbeAt();
            }
            if (r.problem != null) {
                anyUnhealthy = true;
                if (problem == null) {
                    problem = r.problem;
                }
                continue;
            }
            if (s.probed()) {
                anyProbed = true;
                if (!s.lastOk()) {
                    anyUnhealthy = true;
                }
            } else {
                allProbedOk = false;
            }
            if (s.ready()) {
                endpoints.add(advertised + ":" + r.hostPort);
                if (runningSince == null || r.startedAt.isBefore(runningSince)) {
                    runningSince = r.startedAt;
                }
            }
        }
        ObservedPhase phase;
        String message = null;
        if (d.replicas() <= 0) {
            phase = ObservedPhase.STOPPED;
            endpoints.clear();
            runningSince = null;
        } else if (rolloutFailure != null) {
            phase = ObservedPhase.FAILED;
            message = rolloutFailure;
        } else if (problem != null) {
            phase = ObservedPhase.FAILED;
            message = problem;
        } else if (!rolling && serving != null && endpoints.size() == desiredReplicas) {
            phase = ObservedPhase.RUNNING;
        } else {
            phase = ObservedPhase.DEPLOYING;
        }
        String health = anyUnhealthy ? "unhealthy" : anyProbed && allProbedOk ? "healthy" : "unknown";
        return new DeploymentObserved(deploymentId, d.userId(), d.generation(), phase, desiredReplicas,
                endpoints.size(), endpoints, restartCount, message, Instant.now(), health, runningSince, lastCheck);
    }

    /** Whether {@code observed} differs in anything that matters from what was published last; remembers it. */
    synchronized boolean changed(DeploymentObserved o, boolean force) {
        Key key = new Key(o.generation(), o.phase(), o.desiredReplicas(), o.readyReplicas(), o.endpoints(),
                o.restartCount(), o.message(), o.health());
        if (!force && Objects.equals(key, lastPublished)) {
            return false;
        }
        lastPublished = key;
        published++;
        return true;
    }
}
