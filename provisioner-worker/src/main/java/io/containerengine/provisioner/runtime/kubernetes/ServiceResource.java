package io.containerengine.provisioner.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * ClusterIP Service on the app's port, in front of its ready pods: the endpoint the gateway proxies to, and the
 * Ingress's backend with app traffic {@code direct}.
 */
final class ServiceResource {

    private ServiceResource() {
    }

    static Service desired(AppSpec spec) {
        return new ServiceBuilder()
                .withNewMetadata().withName(spec.app()).withNamespace(spec.namespace())
                .withLabels(spec.labels()).endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(spec.selector())
                .addNewPort().withName(Names.PORT_NAME).withProtocol("TCP").withPort(spec.port())
                .withTargetPort(new IntOrString(Names.PORT_NAME)).endPort()
                .endSpec()
                .build();
    }
}
