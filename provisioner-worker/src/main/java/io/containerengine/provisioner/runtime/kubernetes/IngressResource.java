package io.containerengine.provisioner.runtime.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

/**
 * {@code <app>.<domainSuffix>} and each verified custom domain, with the configured IngressClass and annotations,
 * and one TLS entry per host when TLS is on (a custom domain whose certificate cannot be issued does not hold up
 * the others; cert-manager issues them whatever the backend). The backend is the platform gateway (through
 * {@link GatewayServiceResource}) with app traffic {@code gateway}, the app's own Service with {@code direct}.
 */
final class IngressResource {

    private IngressResource() {
    }

    static Ingress desired(AppSpec spec) {
        List<IngressRule> rules = new ArrayList<>();
        String backend = GatewayServiceResource.backendName(spec);
        int port = GatewayServiceResource.backendPort(spec);
        for (String host : spec.hosts()) {
            rules.add(new IngressRuleBuilder()
                    .withHost(host)
                    .withNewHttp()
                    .addNewPath()
                    .withPath("/")
                    .withPathType("Prefix")
                    .withNewBackend().withNewService().withName(backend)
                    .withNewPort().withNumber(port).endPort()
                    .endService().endBackend()
                    .endPath()
                    .endHttp()
                    .build());
        }
        List<IngressTLS> tls = new ArrayList<>();
        if (spec.settings().ingressTls()) {
            for (Map.Entry<String, String> e : spec.tlsSecrets()) {
                tls.add(new IngressTLSBuilder().withHosts(e.getKey()).withSecretName(e.getValue()).build());
            }
        }
        String className = spec.settings().ingressClassName();
        return new IngressBuilder()
                .withNewMetadata().withName(spec.app()).withNamespace(spec.namespace())
                .withLabels(spec.labels())
                .withAnnotations(new TreeMap<>(spec.settings().ingressAnnotations()))
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(className == null || className.isBlank() ? null : className)
                .withRules(rules)
                .withTls(tls)
                .endSpec()
                .build();
    }
}
