package io.containerengine.provisioner.runtime.kubernetes;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;

/**
 * Guard rail: the namespace holds no more than the deployment needs during a rolling update (the replicas, the
 * surge pod and pods still terminating), no other Services, no LoadBalancer/NodePort and no volumes.
 */
final class ResourceQuotaResource {

    private ResourceQuotaResource() {
    }

    static ResourceQuota desired(AppSpec spec) {
        int pods = podsAllowed(spec.desired().replicas());
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("pods", new Quantity(Integer.toString(pods)));
        hard.put("limits.cpu", times(spec.cpuLimit(), pods));
        hard.put("limits.memory", times(spec.memoryLimit(), pods));
        hard.put("services", new Quantity("1"));
        hard.put("services.loadbalancers", new Quantity("0"));
        hard.put("services.nodeports", new Quantity("0"));
        hard.put("persistentvolumeclaims", new Quantity("0"));
        return new ResourceQuotaBuilder()
                .withNewMetadata().withName(Names.QUOTA).withNamespace(spec.namespace())
                .withLabels(spec.labels()).endMetadata()
                .withNewSpec().withHard(hard).endSpec()
                .build();
    }

    /** Old pods terminate while new ones start (surge 1), so twice the replicas and one more. */
    static int podsAllowed(int replicas) {
        return 2 * Math.max(replicas, 1) + 1;
    }

    private static Quantity times(String quantity, int factor) {
        BigDecimal amount = Quantity.getAmountInBytes(new Quantity(quantity)).multiply(BigDecimal.valueOf(factor));
        return new Quantity(amount.stripTrailingZeros().toPlainString());
    }
}
