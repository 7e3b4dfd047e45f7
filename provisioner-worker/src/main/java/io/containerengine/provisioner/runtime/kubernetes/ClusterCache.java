package io.containerengine.provisioner.runtime.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Informers (list + watch, all namespaces, only this platform instance's objects by label) on every kind the
 * runtime writes except Secrets (their values stay out of the worker's memory): what runs is read from here, not
 * polled, and every change is handed to a {@link Listener}.
 */
final class ClusterCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterCache.class);
    static final String BY_DEPLOYMENT = "deployment-id";

    /** Told about every change of a labelled object (on the informers' threads). */
    interface Listener {
        void changed(UUID deploymentId, HasMetadata object, boolean deleted);
    }

    final SharedIndexInformer<Namespace> namespaces;
    final SharedIndexInformer<Deployment> deployments;
    final SharedIndexInformer<Pod> pods;
    final SharedIndexInformer<Service> services;
    final SharedIndexInformer<Ingress> ingresses;
    final SharedIndexInformer<NetworkPolicy> networkPolicies;
    final SharedIndexInformer<ResourceQuota> quotas;
    final SharedIndexInformer<LimitRange> limitRanges;
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();

    ClusterCache(KubernetesClient client, String instanceId, Listener listener) {
        namespaces = informer(client.namespaces().withLabel(Names.INSTANCE, instanceId), listener);
        deployments = informer(client.apps().deployments().inAnyNamespace().withLabel(Names.INSTANCE, instanceId),
                listener);
        pods = informer(client.pods().inAnyNamespace().withLabel(Names.INSTANCE, instanceId), listener);
        services = informer(client.services().inAnyNamespace().withLabel(Names.INSTANCE, instanceId), listener);
        ingresses = informer(client.network().v1().ingresses().inAnyNamespace()
                .withLabel(Names.INSTANCE, instanceId), listener);
        networkPolicies = informer(client.network().v1().networkPolicies().inAnyNamespace()
                .withLabel(Names.INSTANCE, instanceId), listener);
        quotas = informer(client.resourceQuotas().inAnyNamespace().withLabel(Names.INSTANCE, instanceId), listener);
        limitRanges = informer(client.limitRanges().inAnyNamespace().withLabel(Names.INSTANCE, instanceId),
                listener);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(Informable<T> source, Listener listener) {
        Function<T, List<String>> byDeployment = o -> {
            String id = label(o, Names.DEPLOYMENT_ID);
            return id == null ? List.of() : List.of(id);
        };
        SharedIndexInformer<T> informer = source.withIndexers(Map.of(BY_DEPLOYMENT, byDeployment))
                .runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                notify(obj, false);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                notify(newObj, false);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                notify(obj, true);
            }

            private void notify(T obj, boolean deleted) {
                UUID id = deploymentId(obj);
                if (id == null) {
                    return;
                }
                try {
                    listener.changed(id, obj, deleted);
                } catch (RuntimeException e) {
                    log.warn("handling a change of {} {} failed", obj.getKind(), obj.getMetadata().getName(), e);
                }
            }
        });
        all.add(informer);
        return informer;
    }

    /**
     * Starts every informer and waits (bounded) for their first lists; without the API server they keep retrying
     * in the background and the runtime works from whatever it reads meanwhile.
     */
    void start(Duration timeout) {
        List<CompletableFuture<Void>> started = all.stream().map(i -> i.start().toCompletableFuture()).toList();
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Kubernetes informers not synced after {}: the API server may be unreachable; retrying",
                    timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("starting the Kubernetes informers failed: {}", e.getMessage());
        }
    }

    /** Stops the informers and waits (briefly) until their watches are closed, before the client goes. */
    @Override
    public void close() {
        all.forEach(SharedIndexInformer::stop);
        try {
            CompletableFuture.allOf(all.stream().map(i -> i.stopped().toCompletableFuture())
                    .toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("informers not stopped in time: {}", e.toString());
        }
    }

    static <T> T get(SharedIndexInformer<T> informer, String namespace, String name) {
        return informer.getStore().getByKey(namespace == null ? name : namespace + "/" + name);
    }

    static <T> List<T> byDeployment(SharedIndexInformer<T> informer, UUID deploymentId) {
        return informer.getIndexer().byIndex(BY_DEPLOYMENT, deploymentId.toString());
    }

    Deployment deployment(UUID deploymentId) {
        List<Deployment> found = byDeployment(deployments, deploymentId);
        return found.isEmpty() ? null : found.get(0);
    }

    List<Pod> pods(UUID deploymentId) {
        return byDeployment(pods, deploymentId);
    }

    static String label(HasMetadata o, String key) {
        Map<String, String> labels = o.getMetadata() == null ? null : o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    static UUID deploymentId(HasMetadata o) {
        String id = label(o, Names.DEPLOYMENT_ID);
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
