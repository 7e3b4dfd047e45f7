package io.containerengine.provisioner.runtime.kubernetes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * Only the platform's own namespace (the gateway) and, with app traffic {@code direct}, the ingress controller may
 * reach the app's pods, only on the app's port; apps of other users cannot. With {@code gateway} traffic the
 * ingress controller talks to the gateway only, so it is not let in: one source less that could bypass the gateway
 * (and its request counting). Needs a CNI that enforces NetworkPolicy.
 * <p>
 * The policy selects the app's pods only: other pods in the namespace are not the app's - cert-manager's HTTP-01
 * solver, which the ingress controller must reach on a port of its own while a certificate is issued.
 */
final class NetworkPolicyResource {

    /** Set by Kubernetes (1.22+) on every namespace. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private NetworkPolicyResource() {
    }

    static NetworkPolicy desired(AppSpec spec) {
        Set<String> sources = new LinkedHashSet<>();
        String ingressController = spec.settings().appTraffic() == AppTraffic.DIRECT
                ? nonNull(spec.settings().ingressControllerNamespace()) : "";
        for (String ns : List.of(ingressController, nonNull(spec.settings().platformNamespace()))) {
            if (!ns.isBlank()) {
                sources.add(ns.trim());
            }
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(Names.NETWORK_POLICY).withNamespace(spec.namespace())
                .withLabels(spec.labels()).endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(spec.selector()).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom()
                .withNewNamespaceSelector()
                .addNewMatchExpression().withKey(NAMESPACE_NAME_LABEL).withOperator("In")
                .withValues(List.copyOf(sources)).endMatchExpression()
                .endNamespaceSelector()
                .endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(spec.port())).endPort()
                .endIngress()
                .endSpec()
                .build();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
