package io.containerengine.provisioner.runtime.kubernetes;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * What a Deployment and its pods say about a deployment, as the platform's {@link DeploymentObserved}:
 * <ul>
 * <li>{@code stopped} when the desired replicas are 0;</li>
 * <li>{@code running} when the controller has seen the current spec and all desired replicas are updated, ready
 * and available, with no old pods left;</li>
 * <li>{@code failed} when no pod of the current template is ready and one of them cannot pull its image, cannot be
 * created or keeps crashing, or when the rollout exceeded its progress deadline or the controller cannot create
 * pods (quota); the message says why;</li>
 * <li>{@code deploying} otherwise, with a note when pods wait for a node or a ready replica crashes.</li>
 * </ul>
 * Restarts are those of the current template's pods.
 */
final class DeploymentStatusReader {

    static final Set<String> IMAGE_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "RegistryUnavailable", "SignatureValidationFailed");
    static final Set<String> START_ERRORS = Set.of("CreateContainerConfigError", "CreateContainerError",
            "RunContainerError", "PreCreateHookError", "PostStartHookError");
    static final String CRASH_LOOP = "CrashLoopBackOff";
    private static final int MAX_MESSAGE = 300;

    private DeploymentStatusReader() {
    }

    static DeploymentObserved observe(Deployment d, List<Pod> pods, Instant now) {
        UUID deploymentId = UUID.fromString(ClusterCache.label(d, Names.DEPLOYMENT_ID));
        String user = ClusterCache.label(d, Names.USER_ID);
        UUID userId = user == null ? null : UUID.fromString(user);
        long generation = DeploymentResource.generationOf(d);
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (desired <= 0) {
            return new DeploymentObserved(deploymentId, userId, generation, ObservedPhase.STOPPED, 0, 0, List.of(), 0,
                    null, now, null, null, null);
        }
        DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int ready = nz(st.getReadyReplicas());
        int updated = nz(st.getUpdatedReplicas());
        int available = nz(st.getAvailableReplicas());
        int total = nz(st.getReplicas());
        Long specGeneration = d.getMetadata().getGeneration();
        boolean seen = st.getObservedGeneration() != null
                && (specGeneration == null || st.getObservedGeneration() >= specGeneration);

        String template = DeploymentResource.templateOf(d);
        List<Pod> current = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> template != null && template.equals(ClusterCache.label(p, Names.TEMPLATE)))
                .toList();
        int restarts = current.stream().mapToInt(DeploymentStatusReader::restarts).sum();
        List<Pod> currentReady = current.stream().filter(DeploymentStatusReader::isReady).toList();
        List<String> endpoints = ready > 0 ? List.of(Names.endpoint(d.getMetadata().getName(),
                d.getMetadata().getNamespace(), port(d))) : List.of();

        if (seen && updated >= desired && ready >= desired && available >= desired && total <= desired) {
            return new DeploymentObserved(deploymentId, userId, generation, ObservedPhase.RUNNING, desired, ready,
                    endpoints, restarts, null, now, "healthy", runningSince(currentReady), null);
        }
        String podProblem = null;
        for (Pod p : current) {
            podProblem = podProblem(p);
            if (podProblem != null) {
                break;
            }
        }
        String rolloutProblem = seen ? rolloutProblem(d) : null;
        boolean established = !currentReady.isEmpty();
        String previousServes = ready > 0 && !established ? "; the previous version keeps serving" : "";
        if (!established && (podProblem != null || rolloutProblem != null)) {
            String message = (podProblem != null ? podProblem : rolloutProblem) + previousServes;
            return new DeploymentObserved(deploymentId, userId, generation, ObservedPhase.FAILED, desired, ready,
                    endpoints, restarts, clip(message), now, "unhealthy", null, null);
        }
        String note = podProblem != null ? podProblem : rolloutProblem != null ? rolloutProblem : waiting(current);
        String health = podProblem != null ? "unhealthy" : "unknown";
        return new DeploymentObserved(deploymentId, userId, generation, ObservedPhase.DEPLOYING, desired, ready,
                endpoints, restarts, note == null ? null : clip(note), now, health,
                runningSince(currentReady), null);
    }

    /** Why a pod of the current template cannot serve, or null. */
    static String podProblem(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
            ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            if (waiting == null || waiting.getReason() == null) {
                continue;
            }
            String reason = waiting.getReason();
            String detail = waiting.getMessage() == null || waiting.getMessage().isBlank() ? ""
                    : ": " + waiting.getMessage().trim();
            if (IMAGE_ERRORS.contains(reason)) {
                return "image pull failed (" + reason + ")" + detail;
            }
            if (START_ERRORS.contains(reason)) {
                return "container could not be started (" + reason + ")" + detail;
            }
            if (CRASH_LOOP.equals(reason)) {
                return "app keeps crashing" + lastExit(cs) + "; restarted " + nz(cs.getRestartCount()) + " times";
            }
        }
        return null;
    }

    private static String lastExit(ContainerStatus cs) {
        ContainerStateTerminated t = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        if (t == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (last exit: ");
        b.append(t.getReason() == null ? "exited" : t.getReason());
        if (t.getExitCode() != null) {
            b.append(", code ").append(t.getExitCode());
        }
        return b.append(')').toString();
    }

    /** The controller's own verdict on the rollout: no progress in time, or pods it cannot create. */
    static String rolloutProblem(Deployment d) {
        List<DeploymentCondition> conditions = d.getStatus() == null ? null : d.getStatus().getConditions();
        if (conditions == null) {
            return null;
        }
        for (DeploymentCondition c : conditions) {
            if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                return "pods cannot be created: " + (c.getMessage() == null ? c.getReason() : c.getMessage());
            }
            if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                    && "ProgressDeadlineExceeded".equals(c.getReason())) {
                return "rollout made no progress within "
                        + (d.getSpec().getProgressDeadlineSeconds() == null ? "its deadline"
                                : d.getSpec().getProgressDeadlineSeconds() + " s")
                        + (c.getMessage() == null ? "" : ": " + c.getMessage());
            }
        }
        return null;
    }

    /** A progress note: pods waiting for a node. */
    private static String waiting(List<Pod> current) {
        for (Pod p : current) {
            if (p.getStatus() == null || p.getStatus().getConditions() == null) {
                continue;
            }
            for (PodCondition c : p.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason())) {
                    return "waiting for a node" + (c.getMessage() == null ? "" : ": " + c.getMessage());
                }
            }
        }
        return null;
    }

    static boolean isReady(Pod p) {
        return readyCondition(p) != null && "True".equals(readyCondition(p).getStatus());
    }

    private static PodCondition readyCondition(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        return p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .orElse(null);
    }

    static int restarts(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream().mapToInt(cs -> nz(cs.getRestartCount())).sum();
    }

    /** When the longest-ready pod of the current template became ready. */
    private static Instant runningSince(List<Pod> ready) {
        Instant since = null;
        for (Pod p : ready) {
            Instant t = instant(readyCondition(p).getLastTransitionTime());
            if (t == null && p.getStatus().getStartTime() != null) {
                t = instant(p.getStatus().getStartTime());
            }
            if (t != null && (since == null || t.isBefore(since))) {
                since = t;
            }
        }
        return since;
    }

    static int port(Deployment d) {
        var containers = d.getSpec().getTemplate().getSpec().getContainers();
        for (var c : containers) {
            if (Names.CONTAINER.equals(c.getName()) && c.getPorts() != null && !c.getPorts().isEmpty()) {
                return c.getPorts().get(0).getContainerPort();
            }
        }
        return 80;
    }

    static Instant instant(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static String clip(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "..." : oneLine;
    }
}
