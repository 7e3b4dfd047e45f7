package io.containerengine.provisioner.runtime.kubernetes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.provisioner.runtime.DeploymentMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * CPU and memory of a deployment's pods from the metrics API ({@code metrics.k8s.io}, served by metrics-server);
 * empty when the cluster has none (the API answers 404/503) or it has no sample yet.
 */
final class PodMetricsReader {

    private static final Logger log = LoggerFactory.getLogger(PodMetricsReader.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final KubernetesClient client;

    PodMetricsReader(KubernetesClient client) {
        this.client = client;
    }

    Optional<DeploymentMetrics> sample(String namespace, UUID deploymentId, List<Pod> pods) {
        PodMetricsList list;
        try {
            list = client.top().pods().inNamespace(namespace)
                    .withLabels(Map.of(Names.DEPLOYMENT_ID, deploymentId.toString())).metrics();
        } catch (KubernetesClientException e) {
            log.debug("no pod metrics for deployment {} (HTTP {}): {}", deploymentId, e.getCode(), e.getMessage());
            return Optional.empty();
        }
        if (list == null || list.getItems() == null || list.getItems().isEmpty()) {
            return Optional.empty();
        }
        double cpuTotal = 0;
        long memoryTotal = 0;
        Instant sampledAt = null;
        List<DeploymentMetrics.Replica> replicas = new ArrayList<>();
        for (PodMetrics pm : list.getItems()) {
            BigDecimal cores = BigDecimal.ZERO;
            BigDecimal bytes = BigDecimal.ZERO;
            for (ContainerMetrics c : pm.getContainers()) {
                Map<String, Quantity> usage = c.getUsage();
                if (usage == null) {
                    continue;
                }
                if (usage.get("cpu") != null) {
                    cores = cores.add(Quantity.getAmountInBytes(usage.get("cpu")));
                }
                if (usage.get("memory") != null) {
                    bytes = bytes.add(Quantity.getAmountInBytes(usage.get("memory")));
                }
            }
            double cpuPercent = cores.multiply(HUNDRED).doubleValue();
            long memory = bytes.longValue();
            replicas.add(new DeploymentMetrics.Replica(pm.getMetadata().getName(), cpuPercent, memory));
            cpuTotal += cpuPercent;
            memoryTotal += memory;
            Instant t = DeploymentStatusReader.instant(pm.getTimestamp());
            if (t != null && (sampledAt == null || t.isAfter(sampledAt))) {
                sampledAt = t;
            }
        }
        return Optional.of(new DeploymentMetrics(cpuTotal, memoryTotal, memoryLimit(list, pods), replicas,
                sampledAt == null ? Instant.now() : sampledAt));
    }

    /** Sum of the measured pods' memory limits; null when one of them has none. */
    private static Long memoryLimit(PodMetricsList list, List<Pod> pods) {
        long total = 0;
        for (PodMetrics pm : list.getItems()) {
            Pod pod = pods.stream().filter(p -> p.getMetadata().getName().equals(pm.getMetadata().getName()))
                    .findFirst().orElse(null);
            if (pod == null) {
                return null;
            }
            for (var c : pod.getSpec().getContainers()) {
                Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null
                        : c.getResources().getLimits().get("memory");
                if (limit == null) {
                    return null;
                }
                total += Quantity.getAmountInBytes(limit).longValue();
            }
        }
        return total;
    }
}
