package io.containerengine.provisioner.runtime.kubernetes;

/**
 * Label and annotation keys and object names of the Kubernetes runtime. The labels are the runtime's only record
 * of what it runs: the informers select by {@link #INSTANCE}, everything else is found by {@link #DEPLOYMENT_ID}.
 */
final class Names {

    static final String DEPLOYMENT_ID = "io.containerengine/deployment-id";
    static final String USER_ID = "io.containerengine/user-id";
    static final String APP_NAME = "io.containerengine/app-name";
    /** The platform instance ({@code ce.provisioner.instance-id}) that owns the object. */
    static final String INSTANCE = "io.containerengine/instance";
    /** On pods (through the pod template): which template they run, so a scale keeps them. */
    static final String TEMPLATE = "io.containerengine/template";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY_VALUE = "container-engine";

    /** On the Deployment: the desired-state generation its spec was written for. */
    static final String GENERATION = "io.containerengine/generation";
    /** On every object but Secrets: hash of what the runtime wrote, so unchanged objects are not written again. */
    static final String SPEC_HASH = "io.containerengine/spec-hash";
    /**
     * On the env Secret and the pod template: the generation whose secret values the Secret holds; a change of
     * the values changes the template and so rolls the pods (env from a Secret is read only at container start).
     */
    static final String SECRET_VERSION = "io.containerengine/secret-version";

    static final String CONTAINER = "app";
    static final String PORT_NAME = "http";
    static final String QUOTA = "container-engine-quota";
    static final String LIMITS = "container-engine-limits";
    static final String NETWORK_POLICY = "container-engine-ingress-only";

    private Names() {
    }

    static String envSecret(String app) {
        return app + "-env";
    }

    static String registrySecret(String app) {
        return app + "-registry";
    }

    /** The ExternalName Service naming the platform gateway (app traffic {@code gateway}); never the app's name. */
    static String gatewayService(String app) {
        return app + "-gateway";
    }

    static String tlsSecret(String app) {
        return app + "-tls";
    }

    /** {@code <svc>.<namespace>.svc:<port>}: how anything in the cluster reaches the app. */
    static String endpoint(String app, String namespace, int port) {
        return app + "." + namespace + ".svc:" + port;
    }
}
