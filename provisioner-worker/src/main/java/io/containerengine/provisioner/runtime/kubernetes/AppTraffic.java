package io.containerengine.provisioner.runtime.kubernetes;

/**
 * How app traffic gets from the ingress controller to an app ({@code ce.provisioner.kubernetes.app-traffic}).
 */
public enum AppTraffic {
    /**
     * Through the platform gateway: each app's Ingress points at an ExternalName Service naming the gateway, which
     * routes by Host to the app's Service and counts every request (the {@code requests} part of the metrics),
     * exactly as on the local runtime. One more hop.
     */
    GATEWAY,
    /** Straight to the app's Service: one hop less, but the gateway sees no app request (no request metrics). */
    DIRECT
}
