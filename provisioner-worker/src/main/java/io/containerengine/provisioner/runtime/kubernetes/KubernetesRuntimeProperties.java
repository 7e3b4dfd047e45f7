package io.containerengine.provisioner.runtime.kubernetes;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Kubernetes runtime ({@code ce.provisioner.kubernetes.*}); the Helm chart writes the first seven
 * and the last three into the provisioner's ConfigMap.
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
 * @param appTraffic                 {@code gateway}: each app's Ingress sends its traffic to the platform gateway
 *                                   (request metrics, Host routing as on the local runtime); {@code direct}: to the
 *                                   app's own Service (one hop less, no request metrics)
 * @param gatewayHost                in-cluster DNS name of the gateway's Service, the target of the ExternalName
 *                                   Service of {@code gateway} traffic; empty:
 *                                   {@code gateway.<platformNamespace>.svc.cluster.local}
 * @param gatewayPort                port of the gateway's Service
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
        @DefaultValue("64Mi") String defaultMemoryRequest,
        @DefaultValue("gateway") AppTraffic appTraffic,
        String gatewayHost,
        @DefaultValue("3000") int gatewayPort) {

    public KubernetesRuntimeProperties {
        ingressAnnotations = ingressAnnotations == null ? Map.of() : Map.copyOf(ingressAnnotations);
        appTraffic = appTraffic == null ? AppTraffic.GATEWAY : appTraffic;
        if (gatewayHost == null || gatewayHost.isBlank()) {
            gatewayHost = "gateway." + (platformNamespace == null || platformNamespace.isBlank() ? "default"
                    : platformNamespace.trim()) + ".svc.cluster.local";
        } else {
            gatewayHost = gatewayHost.trim();
        }
        if (gatewayPort < 1 || gatewayPort > 65535) {
            throw new IllegalArgumentException("ce.provisioner.kubernetes.gateway-port must be 1-65535, not "
                    + gatewayPort);
        }
    }

    /** Defaults for tests and tools. */
    public static KubernetesRuntimeProperties defaults(String domainSuffix) {
        return new KubernetesRuntimeProperties(domainSuffix, "ce-", "default", "nginx", false, "ingress-nginx",
                Map.of(), null, "container-engine", Duration.ofMinutes(10), Duration.ofSeconds(30), "500m", "256Mi",
                "50m", "64Mi", AppTraffic.GATEWAY, null, 3000);
    }

    public KubernetesRuntimeProperties withIngress(String className, boolean tls, Map<String, String> annotations) {
        return new KubernetesRuntimeProperties(domainSuffix, namespacePrefix, platformNamespace, className, tls,
                ingressControllerNamespace, annotations, kubeconfigPath, fieldManager, progressDeadline,
                informerSyncTimeout, defaultCpu, defaultMemory, defaultCpuRequest, defaultMemoryRequest, appTraffic,
                gatewayHost, gatewayPort);
    }

    public KubernetesRuntimeProperties withDomainSuffix(String suffix) {
        return new KubernetesRuntimeProperties(suffix, namespacePrefix, platformNamespace, ingressClassName,
                ingressTls, ingressControllerNamespace, ingressAnnotations, kubeconfigPath, fieldManager,
                progressDeadline, informerSyncTimeout, defaultCpu, defaultMemory, defaultCpuRequest,
                defaultMemoryRequest, appTraffic, gatewayHost, gatewayPort);
    }

    public KubernetesRuntimeProperties withKubeconfigPath(String path) {
        return new KubernetesRuntimeProperties(domainSuffix, namespacePrefix, platformNamespace, ingressClassName,
                ingressTls, ingressControllerNamespace, ingressAnnotations, path, fieldManager, progressDeadline,
                informerSyncTimeout, defaultCpu, defaultMemory, defaultCpuRequest, defaultMemoryRequest, appTraffic,
                gatewayHost, gatewayPort);
    }

    /** @param host the gateway's in-cluster DNS name; null: derived from the platform namespace */
    public KubernetesRuntimeProperties withAppTraffic(AppTraffic traffic, String host, int port) {
        return new KubernetesRuntimeProperties(domainSuffix, namespacePrefix, platformNamespace, ingressClassName,
                ingressTls, ingressControllerNamespace, ingressAnnotations, kubeconfigPath, fieldManager,
                progressDeadline, informerSyncTimeout, defaultCpu, defaultMemory, defaultCpuRequest,
                defaultMemoryRequest, traffic, host, port);
    }
}
