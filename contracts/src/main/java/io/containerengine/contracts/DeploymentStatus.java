package io.containerengine.contracts;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Statuses a deployment can be in, as the API spells them. */
public enum DeploymentStatus {
    PENDING, DEPLOYING, UPDATING, RUNNING, STOPPED, FAILED, DELETING;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeploymentStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
