package io.containerengine.contracts;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a runtime sees of a deployment. */
public enum ObservedPhase {
    /** Pulling, creating or starting; not all desired replicas are ready yet. */
    DEPLOYING,
    /** All desired replicas of the observed generation are ready. */
    RUNNING,
    /** Nothing runs because the desired replicas are 0. */
    STOPPED,
    /** The runtime gave up (pull failure, start failure, crash); {@code message} says why. */
    FAILED,
    /** Everything of the deployment was removed from the runtime. */
    DELETED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ObservedPhase of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
