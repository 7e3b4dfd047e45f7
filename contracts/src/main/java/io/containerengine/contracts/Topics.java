package io.containerengine.contracts;

/**
 * Kafka topics of the platform. Every record is keyed by its aggregate id (the deployment id for
 * deployment topics, the user id for identity topics) so that all events of one aggregate keep their order.
 */
public final class Topics {

    /** Desired-state and status events of deployments; produced by deployment-service through its outbox. */
    public static final String DEPLOYMENT_EVENTS = "ce.deployment-events";

    /** Observed state reported by the provisioner-worker (what the runtime really runs). */
    public static final String RUNTIME_EVENTS = "ce.runtime-events";

    /** Users and sessions; produced by auth-service through its outbox; keyed by user id. */
    public static final String IDENTITY_EVENTS = "ce.identity-events";

    /** API keys; produced by apikey-service through its outbox; keyed by key id. */
    public static final String APIKEY_EVENTS = "ce.apikey-events";

    /**
     * Per-app request counts and latency histograms seen at the gateway, one event per deployment per flush
     * window and gateway instance; produced directly (no outbox: losing one window on a crash is acceptable);
     * keyed by deployment id.
     */
    public static final String TRAFFIC_EVENTS = "ce.traffic-events";

    /** Suffix of the dead-letter topic a consumer sends a record to after its retries are spent. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
