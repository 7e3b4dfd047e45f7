package io.containerengine.provisioner.runtime.kubernetes;

import java.util.Map;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/** Limits and requests for containers that set none (an app without {@code resources}), so the quota applies. */
final class LimitRangeResource {

    private LimitRangeResource() {
    }

    static LimitRange desired(AppSpec spec) {
        KubernetesRuntimeProperties s = spec.settings();
        return new LimitRangeBuilder()
                .withNewMetadata().withName(Names.LIMITS).withNamespace(spec.namespace())
                .withLabels(spec.labels()).endMetadata()
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .withDefault(Map.of("cpu", new Quantity(s.defaultCpu()), "memory", new Quantity(s.defaultMemory())))
                .withDefaultRequest(Map.of("cpu", new Quantity(s.defaultCpuRequest()),
                        "memory", new Quantity(s.defaultMemoryRequest())))
                .endLimit()
                .endSpec()
                .build();
    }
}
