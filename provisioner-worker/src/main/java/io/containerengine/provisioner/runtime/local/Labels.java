package io.containerengine.provisioner.runtime.local;

/** Labels on every container the local runtime creates; they are its only record of what it runs. */
final class Labels {

    static final String DEPLOYMENT_ID = "io.containerengine.deployment-id";
    static final String USER_ID = "io.containerengine.user-id";
    static final String GENERATION = "io.containerengine.generation";
    static final String APP_NAME = "io.containerengine.app-name";
    static final String REPLICA = "io.containerengine.replica";
    /** The host port the worker allocated, so it can be released without inspecting the container. */
    static final String HOST_PORT = "io.containerengine.host-port";
    /** {@link Templates#of}: replicas with the desired template are kept when only the replica count changes. */
    static final String TEMPLATE = "io.containerengine.template";
    /**
     * The platform instance ({@code ce.provisioner.instance-id}) that owns the container: reconciliation and
     * cleanup never touch containers of another instance sharing the same engine.
     */
    static final String INSTANCE = "io.containerengine.instance";

    private Labels() {
    }
}
