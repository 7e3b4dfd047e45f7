package io.containerengine.provisioner.runtime.kubernetes;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Kubernetes runtime ({@code ce.provisioner.kubernetes.*}); the Helm chart writes the first seven
 * into the provisioner's ConfigMap.
 *
 * @param domainSuffix               apps answer on {@code <app>.<domainSuffix>}; empty: env {@code DOMAIN_SUFFIX},
 *                                   else the desired state's {@code host}
 * @param namespacePrefix            each deployment runs in namespace {@code <prefix><app>}
 * @param platformNamespace          the platform's own namespace (the gateway): let in by each app's NetworkPolicy
 * @param ingressClassName           IngressClass of each app's Ingress; empty: the cluster's default class
 * @param ingressTls                 request TLS on each app's Ingress (secret {@code <app>-tls}, e.g. cert-manager)
 * @param ingressControllerNamespace the ingress controller's namespace: the other source the NetworkPolicy lets in
 * @param ingressAnnotations         annotations on each app's Ingress (cert-manager issuer, timeouts ...)
 * @param kubeconfigPath             kubeconfig file (env {@code KUBECONFIG_PATH}); empty: the pod's service account
 *                                   (or the usual kubeconfig lookup outside a cluster)
 * @param fieldManager               server-side apply field manager of every object the runtime writes
 * @param progressDeadline           a rollout that makes no progress this long is reported failed
 * @param informerSyncTimeout        how long start-up waits for the informers' first list
 * @param defaultCpu                 CPU limit of an app that sets none (LimitRange default)
 * @param defaultMemory              memory limit of an app that sets none (LimitRange default)
 * @param defaultCpuRequest          CPU request of an app that sets no CPU (LimitRange default request)
 * @param defaultMemoryRequest       memory request of an app that sets no memory (LimitRange default request)
 */
@ConfigurationProperties("ce.provisioner.kubernetes")
public record KubernetesRuntimeProperties(
        String domainSuffix,
        @DefaultValue("ce-") String namespacePrefix,
        @DefaultValue("default") String platformNamespace,
        @DefaultValue("nginx") String ingressClassName,
        @DefaultValue("false") boolean ingressTls,
        @DefaultValue("ingress-nginx") String ingressControllerNamespace,
        Map<String, String> ingressAnnotations,
        String kubeconfigPath,
        @DefaultValue("container-engine") String fieldManager,
        @DefaultValue("10m") Duration progressDeadline,
        @DefaultValue("30s") Duration informerSyncTimeout,
        @DefaultValue("500m") String defaultCpu,
        @DefaultValue("256Mi") String defaultMemory,
        @DefaultValue("50m") String defaultCpuRequest,
        @DefaultValue("64Mi") String defaultMemoryRequest) {

    public KubernetesRuntimeProperties {
        ingressAnnotations = ingressAnnotations == null ? Map.of() : Map.copyOf(ingressAnnotations);
    }

    /** Defaults for tests and tools. */
    public static KubernetesRuntimeProperties defaults(String domainSuffix) {
        return new KubernetesRuntimeProperties(domainSuffix, "ce-", "default", "nginx", false, "ingress-nginx",
                Map.of(), null, "container-engine", Duration.ofMinutes(10), Duration.ofSeconds(30), "500m", "256Mi",
                "50m", "64Mi");
    }

    public KubernetesRuntimeProperties withIngress(String className, boolean tls, Map<String, String> annotations) {
        return new KubernetesRuntimeProperties(domainSuffix, namespacePrefix, platformNamespace, className, tls,
                ingressControllerNamespace, annotations, kubeconfigPath, fieldManager, progressDeadline,
                informerSyncTimeout, defaultCpu, defaultMemory, defaultCpuRequest, defaultMemoryRequest);
    }

    public KubernetesRuntimeProperties withDomainSuffix(String suffix) {
        return new KubernetesRuntimeProperties(suffix, namespacePrefix, platformNamespace, ingressClassName,
                ingressTls, ingressControllerNamespace, ingressAnnotations, kubeconfigPath, fieldManager,
                progressDeadline, informerSyncTimeout, defaultCpu, defaultMemory, defaultCpuRequest,
                defaultMemoryRequest);
    }

    public KubernetesRuntimeProperties withKubeconfigPath(String path) {
        return new KubernetesRuntimeProperties(domainSuffix, namespacePrefix, platformNamespace, ingressClassName,
                ingressTls, ingressControllerNamespace, ingressAnnotations, path, fieldManager, progressDeadline,
                informerSyncTimeout, defaultCpu, defaultMemory, defaultCpuRequest, defaultMemoryRequest);
    }
}
