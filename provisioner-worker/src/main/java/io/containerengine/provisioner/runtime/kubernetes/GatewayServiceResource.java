package io.containerengine.provisioner.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * With app traffic {@code gateway}: a Service of type ExternalName, {@code <app>-gateway} in the app's namespace,
 * that names the platform gateway's in-cluster DNS name. The app's Ingress points at it, so the ingress controller
 * hands the app's traffic to the gateway, which routes it by Host to the app's Service and counts it (request
 * metrics, as on the local runtime). An Ingress backend must be a Service of the Ingress's own namespace; an
 * ExternalName Service is how it reaches one in another namespace without copying endpoints.
 *
 * <p>The controller keeps the request's Host header (ingress-nginx sends {@code $best_http_host} unless an
 * {@code upstream-vhost} annotation says otherwise), which is what the gateway routes by. ingress-nginx supports
 * ExternalName backends (unless started with {@code --disable-svc-external-name}); Traefik needs
 * {@code allowExternalNameServices}.
 */
final class GatewayServiceResource {

    private GatewayServiceResource() {
    }

    /** The ExternalName Service, or null with app traffic {@code direct} (then none must exist). */
    static Service desired(AppSpec spec) {
        if (spec.settings().appTraffic() != AppTraffic.GATEWAY) {
            return null;
        }
        int port = spec.settings().gatewayPort();
        return new ServiceBuilder()
                .withNewMetadata().withName(Names.gatewayService(spec.app())).withNamespace(spec.namespace())
                .withLabels(spec.labels()).endMetadata()
                .withNewSpec()
                .withType("ExternalName")
                .withExternalName(spec.settings().gatewayHost())
                // ingress-nginx takes the upstream port from the Service port the Ingress backend names
                .addNewPort().withName(Names.PORT_NAME).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(port)).endPort()
                .endSpec()
                .build();
    }

    /** The Service the app's Ingress routes to: this one with {@code gateway} traffic, else the app's own. */
    static String backendName(AppSpec spec) {
        return spec.settings().appTraffic() == AppTraffic.GATEWAY ? Names.gatewayService(spec.app()) : spec.app();
    }

    static int backendPort(AppSpec spec) {
        return spec.settings().appTraffic() == AppTraffic.GATEWAY ? spec.settings().gatewayPort() : spec.port();
    }
}
