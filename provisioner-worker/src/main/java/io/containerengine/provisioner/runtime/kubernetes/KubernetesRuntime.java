package io.containerengine.provisioner.runtime.kubernetes;

import java.io.Closeable;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentObserved;
import io.containerengine.contracts.ObservedPhase;
import io.containerengine.provisioner.runtime.DeploymentMetrics;
import io.containerengine.provisioner.runtime.DeploymentQueue;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.containerengine.provisioner.runtime.LogLine;
import io.containerengine.provisioner.runtime.ObservedStateListener;
import io.containerengine.provisioner.runtime.RegistryPasswords;
import io.containerengine.provisioner.runtime.Runtime;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Runs each deployment in its own namespace on a Kubernetes cluster (fabric8). In the manner of
 * java-operator-sdk: one class per kind builds the desired object from the desired state ({@link NamespaceResource},
 * {@link DeploymentResource}, {@link ServiceResource}, {@link GatewayServiceResource}, {@link IngressResource}, the
 * Secrets, the guard rails), and this reconciler applies them with server-side apply, writing only what differs
 * from the informers' view.
 *
 * <p>Kubernetes does the rolling (maxUnavailable 0 keeps the old pods serving until the new ones are ready) and
 * the restarting; the runtime only observes: informers on Deployments and Pods turn every change into a
 * {@code deployment.observed} (see {@link DeploymentStatusReader}), sent when it differs from the last one sent.
 * Drift (an object deleted behind the platform's back) is repaired as soon as its informer sees the deletion, and by
 * every {@link #reconcile} pass.
 */
public class KubernetesRuntime implements Runtime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesRuntime.class);
    private static final int MAX_MESSAGE = 300;

    private final KubernetesClient client;
    private final ObservedStateListener listener;
    private final KubernetesRuntimeProperties settings;
    private final String instanceId;
    private final RegistryPasswords passwords;
    private final SecretBox secrets;
    private final DesiredStateLookup desiredStates;
    private final ResourceApplier applier;
    private final ClusterCache cache;
    private final PodLogs podLogs;
    private final PodMetricsReader podMetrics;

    /** The last observation sent per deployment (without its time), so that only changes are sent. */
    private final Map<UUID, DeploymentObserved> published = new ConcurrentHashMap<>();
    /** The newest generation applied per deployment: observations of older Deployment specs wait for it. */
    private final Map<UUID, Long> applied = new ConcurrentHashMap<>();
    /** Deployments deleted (or removed as orphans): what their informers still report is not published. */
    private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Set<PodLogs.Follow>> follows = new ConcurrentHashMap<>();
    private volatile DeploymentQueue queue;

    /**
     * @param secrets       decrypts secret env vars; null when the worker has no {@code SECRETS_KEY}
     * @param desiredStates the stored desired states, for repairing drift as soon as it is seen; may be null
     */
    public KubernetesRuntime(KubernetesClient client, ObservedStateListener listener,
            KubernetesRuntimeProperties settings, String instanceId, RegistryPasswords passwords, SecretBox secrets,
            DesiredStateLookup desiredStates) {
        this.client = client;
        this.listener = listener;
        this.settings = settings;
        this.instanceId = instanceId;
        this.passwords = passwords;
        this.secrets = secrets;
        this.desiredStates = desiredStates;
        this.applier = new ResourceApplier(client, settings.fieldManager());
        this.cache = new ClusterCache(client, instanceId, this::changed);
        this.podLogs = new PodLogs(client);
        this.podMetrics = new PodMetricsReader(client);
    }

    /** Where drift repairs are queued (the deployment's executor chain); without one, only reconcile repairs. */
    public void useQueue(DeploymentQueue queue) {
        this.queue = queue;
    }

    /** Starts the informers and waits (bounded) for their first lists. */
    public void start() {
        cache.start(settings.informerSyncTimeout());
    }

    @Override
    public void close() {
        follows.values().forEach(set -> set.forEach(PodLogs.Follow::close));
        cache.close();
    }

    // ---------------------------------------------------------------------------------------------- apply

    @Override
    public void apply(DeploymentDesiredState desired) {
        UUID id = desired.deploymentId();
        deleted.remove(id);
        applied.merge(id, desired.generation(), Math::max);
        try {
            AppSpec spec = spec(desired);
            Result result = converge(spec, false, true);
            if (result.written > 0) {
                log.info("deployment {} generation {}: {} object(s) applied in namespace {}", id,
                        desired.generation(), result.written, spec.namespace());
            }
            publish(id, result.deployment, true);
        } catch (DeployFailure f) {
            fail(desired, f.getMessage(), true);
        } catch (KubernetesClientException e) {
            log.warn("applying deployment {} generation {} failed", id, desired.generation(), e);
            fail(desired, "Kubernetes API error: " + describe(e), true);
        } catch (RuntimeException e) {
            log.warn("applying deployment {} generation {} failed", id, desired.generation(), e);
            fail(desired, "Kubernetes runtime error: " + describe(e), true);
        }
    }

    @Override
    public boolean matches(DeploymentDesiredState desired) {
        try {
            return converge(spec(desired), true, false).written == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Self-healing pass: objects that are missing or were changed behind the platform's back are applied again
     * (nothing is written when all is as desired), and the observation is sent if it changed.
     */
    @Override
    public void reconcile(DeploymentDesiredState desired) {
        UUID id = desired.deploymentId();
        if (applied.getOrDefault(id, Long.MIN_VALUE) > desired.generation()) {
            return; // a newer one was applied already
        }
        applied.merge(id, desired.generation(), Math::max);
        deleted.remove(id);
        try {
            AppSpec spec = spec(desired);
            Result result = converge(spec, false, false);
            if (result.written > 0) {
                log.info("reconcile: deployment {} had {} object(s) missing or changed in namespace {}: applied",
                        id, result.written, spec.namespace());
            }
            publish(id, result.deployment, false);
        } catch (DeployFailure f) {
            fail(desired, f.getMessage(), false);
        } catch (RuntimeException e) {
            log.warn("reconciling deployment {} failed: {}", id, describe(e));
        }
    }

    private AppSpec spec(DeploymentDesiredState desired) {
        return AppSpec.of(desired, instanceId, settings, passwords, secrets);
    }

    private record Result(int written, Deployment deployment) {
    }

    /**
     * Applies every object of the deployment in dependency order (namespace, guard rails, Secrets, Deployment,
     * Service, gateway Service, Ingress); with {@code dryRun} only counts what would be written.
     *
     * @param leftovers also look for Secrets the desired state no longer has (to delete them): done when a new
     *                  desired state is applied, not on every periodic pass, because Secrets are read one by one
     */
    private Result converge(AppSpec spec, boolean dryRun, boolean leftovers) {
        String ns = spec.namespace();
        String app = spec.app();
        int written = 0;

        Namespace liveNs = ClusterCache.get(cache.namespaces, null, ns);
        if (!dryRun) {
            if (liveNs == null) {
                liveNs = client.namespaces().withName(ns).get(); // not ours, or not seen by the informer yet
            }
            requireOwned(liveNs, spec);
        }
        written += count(applier.apply(NamespaceResource.desired(spec), liveNs, dryRun));
        written += count(applier.apply(ResourceQuotaResource.desired(spec),
                ClusterCache.get(cache.quotas, ns, Names.QUOTA), dryRun));
        written += count(applier.apply(LimitRangeResource.desired(spec),
                ClusterCache.get(cache.limitRanges, ns, Names.LIMITS), dryRun));
        written += count(applier.apply(NetworkPolicyResource.desired(spec),
                ClusterCache.get(cache.networkPolicies, ns, Names.NETWORK_POLICY), dryRun));

        boolean nsExists = liveNs != null || !dryRun;
        Secret registry = RegistrySecretResource.desired(spec);
        Secret liveRegistry = nsExists && (registry != null || leftovers) ? secret(ns, Names.registrySecret(app))
                : null;
        if (registry != null) {
            written += count(applier.apply(registry, liveRegistry, RegistrySecretResource::upToDate, dryRun));
        } else if (liveRegistry != null) {
            written += deleteSecret(liveRegistry, dryRun);
        }
        Secret liveEnv = nsExists && (!spec.secretEnv().isEmpty() || leftovers) ? secret(ns, Names.envSecret(app))
                : null;
        Secret env = EnvSecretResource.desired(spec, liveEnv);
        if (env != null) {
            written += count(applier.apply(env, liveEnv, EnvSecretResource::upToDate, dryRun));
        } else if (liveEnv != null) {
            written += deleteSecret(liveEnv, dryRun);
        }

        Deployment liveDeployment = ClusterCache.get(cache.deployments, ns, app);
        var deployment = applier.apply(DeploymentResource.desired(spec, EnvSecretResource.version(env)),
                liveDeployment, dryRun, DeploymentResource::drifted);
        written += count(deployment);
        written += count(applier.apply(ServiceResource.desired(spec),
                ClusterCache.get(cache.services, ns, app), dryRun));
        // Before the Ingress that points at it; removed only after the Ingress no longer does.
        Service gateway = GatewayServiceResource.desired(spec);
        Service liveGateway = ClusterCache.get(cache.services, ns, Names.gatewayService(app));
        if (gateway != null) {
            written += count(applier.apply(gateway, liveGateway, dryRun));
        }
        written += count(applier.apply(IngressResource.desired(spec),
                ClusterCache.get(cache.ingresses, ns, app), dryRun));
        if (gateway == null && liveGateway != null) {
            written += deleteService(liveGateway, dryRun); // app traffic switched to direct
        }
        return new Result(written, deployment.object());
    }

    private static int count(ResourceApplier.Applied<?> applied) {
        return applied.written() ? 1 : 0;
    }

    /** A namespace of that name that is not this deployment's (another app's, or one still being deleted). */
    private static void requireOwned(Namespace existing, AppSpec spec) {
        if (existing == null) {
            return;
        }
        String owner = ClusterCache.label(existing, Names.DEPLOYMENT_ID);
        if (spec.desired().deploymentId().toString().equals(owner)
                && existing.getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        if (owner != null && existing.getMetadata().getDeletionTimestamp() != null) {
            throw new DeployFailure("namespace " + spec.namespace()
                    + " of an earlier deployment of this app is still being deleted; retrying");
        }
        throw new DeployFailure("namespace " + spec.namespace() + " already exists and is not this deployment's");
    }

    private Secret secret(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    private int deleteSecret(Secret live, boolean dryRun) {
        if (!dryRun) {
            client.secrets().inNamespace(live.getMetadata().getNamespace()).withName(live.getMetadata().getName())
                    .delete();
        }
        return 1;
    }

    private int deleteService(Service live, boolean dryRun) {
        if (!dryRun) {
            client.services().inNamespace(live.getMetadata().getNamespace()).withName(live.getMetadata().getName())
                    .delete();
        }
        return 1;
    }

    private void fail(DeploymentDesiredState desired, String message, boolean force) {
        log.info("deployment {} generation {} failed: {}", desired.deploymentId(), desired.generation(), message);
        send(new DeploymentObserved(desired.deploymentId(), desired.userId(), desired.generation(),
                ObservedPhase.FAILED, desired.replicas(), 0, List.of(), 0, message, Instant.now(), "unknown", null,
                null), force);
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Override
    public void delete(DeploymentDeleted deletedEvent) {
        UUID id = deletedEvent.deploymentId();
        deleted.add(id);
        try {
            deleteNamespaces(id, AppSpec.namespaceOf(settings, deletedEvent.appName()));
        } catch (RuntimeException e) {
            // Still reported deleted: the deployment is gone for the platform; reconciliation removes leftovers.
            log.warn("deleting the namespace of deployment {} failed: {}", id, describe(e));
        }
        forget(id);
        listener.onObserved(new DeploymentObserved(id, deletedEvent.userId(), deletedEvent.generation(),
                ObservedPhase.DELETED, 0, 0, List.of(), 0, null, Instant.now()));
    }

    @Override
    public void removeOrphan(UUID deploymentId) {
        deleted.add(deploymentId);
        deleteNamespaces(deploymentId, null);
        forget(deploymentId);
    }

    /** Deletes the deployment's namespaces (everything in them goes with them). */
    private void deleteNamespaces(UUID id, String expectedName) {
        Set<String> names = new HashSet<>();
        for (Namespace ns : ClusterCache.byDeployment(cache.namespaces, id)) {
            names.add(ns.getMetadata().getName());
        }
        if (expectedName != null && !names.contains(expectedName)) {
            // Not in the cache (yet): delete it by name only if it is this deployment's.
            Namespace live = client.namespaces().withName(expectedName).get();
            if (live != null && id.toString().equals(ClusterCache.label(live, Names.DEPLOYMENT_ID))) {
                names.add(expectedName);
            }
        }
        for (String name : names) {
            client.namespaces().withName(name).delete();
            log.info("deployment {}: namespace {} deleted", id, name);
        }
    }

    private void forget(UUID id) {
        published.remove(id);
        applied.remove(id);
        Set<PodLogs.Follow> open = follows.remove(id);
        if (open != null) {
            open.forEach(PodLogs.Follow::close);
        }
    }

    // ---------------------------------------------------------------------------------------------- lookups

    @Override
    public Set<UUID> deploymentIds() {
        Set<UUID> ids = new HashSet<>();
        for (Namespace ns : cache.namespaces.getStore().list()) {
            UUID id = ClusterCache.deploymentId(ns);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public List<LogLine> logs(UUID deploymentId, int tail) {
        return podLogs.tail(cache.pods(deploymentId), tail);
    }

    @Override
    public Closeable followLogs(UUID deploymentId, int tail, Consumer<LogLine> sink) {
        PodLogs.Follow follow = podLogs.new Follow(sink);
        follows.computeIfAbsent(deploymentId, k -> ConcurrentHashMap.newKeySet()).add(follow);
        follow.start(cache.pods(deploymentId), tail);
        return () -> {
            follow.close();
            Set<PodLogs.Follow> open = follows.get(deploymentId);
            if (open != null) {
                open.remove(follow);
            }
        };
    }

    @Override
    public Optional<DeploymentMetrics> metrics(UUID deploymentId) {
        Deployment d = cache.deployment(deploymentId);
        if (d == null || d.getSpec().getReplicas() == null || d.getSpec().getReplicas() == 0) {
            return Optional.empty();
        }
        return podMetrics.sample(d.getMetadata().getNamespace(), deploymentId, cache.pods(deploymentId));
    }

    // ---------------------------------------------------------------------------------------------- observing

    /** An informer saw a change of one of the deployment's objects. */
    private void changed(UUID id, HasMetadata object, boolean gone) {
        if (deleted.contains(id)) {
            if (gone && object instanceof Namespace && cache.deployment(id) == null) {
                deleted.remove(id); // all of it is gone now
            }
            return;
        }
        if (object instanceof Pod pod && !gone) {
            Set<PodLogs.Follow> open = follows.get(id);
            if (open != null) {
                open.forEach(f -> f.podChanged(pod));
            }
        }
        if (object instanceof Deployment || object instanceof Pod) {
            publish(id, null, false);
        }
        if (gone && !(object instanceof Pod) && !unwanted(object)) {
            repairSoon(id, object);
        }
    }

    /** The gateway's ExternalName Service with app traffic {@code direct}: its deletion is the runtime's own. */
    private boolean unwanted(HasMetadata object) {
        return object instanceof Service service && settings.appTraffic() == AppTraffic.DIRECT
                && "ExternalName".equals(service.getSpec() == null ? null : service.getSpec().getType());
    }

    /** Something of a live deployment was deleted behind the platform's back: apply it again, in order. */
    private void repairSoon(UUID id, HasMetadata object) {
        DeploymentQueue q = queue;
        if (q == null || desiredStates == null) {
            return; // the next reconcile pass repairs it
        }
        log.info("deployment {}: {} {} was deleted outside the platform; restoring it", id, object.getKind(),
                object.getMetadata().getName());
        q.submit(id, () -> {
            if (!deleted.contains(id)) {
                desiredStates.find(id).ifPresent(this::reconcile);
            }
        });
    }

    /**
     * Sends what the Deployment and its pods say now, if it differs from what was sent last.
     *
     * @param fresh the Deployment as a write just returned it (newer than the informer may be), or null
     * @param force send even when unchanged (an event asked for an answer)
     */
    private synchronized void publish(UUID id, Deployment fresh, boolean force) {
        if (deleted.contains(id)) {
            return;
        }
        Deployment d = newer(cache.deployment(id), fresh);
        if (d == null) {
            return;
        }
        if (DeploymentResource.generationOf(d) < applied.getOrDefault(id, Long.MIN_VALUE)) {
            return; // the informer has not seen the newest spec yet; its event follows
        }
        send(DeploymentStatusReader.observe(d, cache.pods(id), Instant.now()), force);
    }

    private synchronized void send(DeploymentObserved observed, boolean force) {
        DeploymentObserved last = published.get(observed.deploymentId());
        if (!force && last != null && same(last, observed)) {
            return;
        }
        published.put(observed.deploymentId(), observed);
        listener.onObserved(observed);
    }

    private static Deployment newer(Deployment cached, Deployment fresh) {
        if (fresh == null) {
            return cached;
        }
        if (cached == null) {
            return fresh;
        }
        long c = DeploymentResource.generationOf(cached);
        long f = DeploymentResource.generationOf(fresh);
        if (f != c) {
            return f > c ? fresh : cached;
        }
        long cg = cached.getMetadata().getGeneration() == null ? 0 : cached.getMetadata().getGeneration();
        long fg = fresh.getMetadata().getGeneration() == null ? 0 : fresh.getMetadata().getGeneration();
        return fg > cg ? fresh : cached;
    }

    private static boolean same(DeploymentObserved a, DeploymentObserved b) {
        return a.generation() == b.generation() && a.phase() == b.phase()
                && a.desiredReplicas() == b.desiredReplicas() && a.readyReplicas() == b.readyReplicas()
                && a.endpoints().equals(b.endpoints()) && a.restartCount() == b.restartCount()
                && Objects.equals(a.message(), b.message()) && Objects.equals(a.health(), b.health())
                && Objects.equals(a.runningSince(), b.runningSince());
    }

    /** A short readable reason: the API server's message, without HTTP plumbing. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            message = k.getStatus().getMessage();
            if (k.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                message = "forbidden: " + message;
            }
        }
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }
}
