package io.containerengine.contracts;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Statuses a deployment can be in, as the API spells them. */
public enum DeploymentStatus {
    PENDING, DEPLOYING, UPDATING, RUNNING, STOPPED, FAILED, DELETING;

    /**
     * Whether the replicas a deployment reports in this status take traffic. Besides {@code running}, a rollout
     * ({@code deploying}, {@code updating}) keeps serving from the previous revision's replicas and a failed update
     * that was rolled back keeps serving the old one; only a stopped or deleting deployment serves nothing.
     */
    public boolean routable() {
        return this != STOPPED && this != DELETING;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeploymentStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
